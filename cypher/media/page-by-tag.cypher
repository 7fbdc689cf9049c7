// Keyset page over the media carrying one tag, optionally of one kind.
MATCH (:Tag {name: $tag})<-[:HAS_TAG]-(m:Media)
WHERE ($kind IS NULL OR m.kind = $kind) AND ($after IS NULL OR m.id > $after)
RETURN m {.id, .kind, .title, .description, .tags, .keywords, .pagerank, .language, .durationSec, .creatorId, .publishedAt, .createdAt, .updatedAt} AS media
ORDER BY m.id
LIMIT $limit
