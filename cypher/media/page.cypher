// Keyset page over media ordered by id, optionally of one kind.
MATCH (m:Media)
WHERE ($kind IS NULL OR m.kind = $kind) AND ($after IS NULL OR m.id > $after)
RETURN m {.*} AS media
ORDER BY m.id
LIMIT $limit
