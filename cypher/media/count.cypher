MATCH (m:Media)
WHERE $kind IS NULL OR m.kind = $kind
RETURN count(m) AS total
