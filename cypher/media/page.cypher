// Keyset page over media ordered by id, optionally of one kind.
MATCH (m:Media)
WHERE ($kind IS NULL OR m.kind = $kind) AND ($after IS NULL OR m.id > $after)
RETURN m {.id, .kind, .title, .description, .tags, .keywords, .pagerank, .language, .durationSec, .creatorId, .publishedAt, .createdAt, .updatedAt} AS media
ORDER BY m.id
LIMIT $limit
