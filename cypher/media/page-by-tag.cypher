// Keyset page over the media carrying one tag, optionally of one kind; projected after the page is cut.
MATCH (:Tag {name: $tag})<-[:HAS_TAG]-(m:Media)
WHERE ($kind IS NULL OR m.kind = $kind) AND m.id > coalesce($after, '')
WITH m ORDER BY m.id LIMIT $limit
RETURN m {.id, .kind, .title, .description, .tags, .keywords, .pagerank, .language, .durationSec, .creatorId, .publishedAt, .createdAt, .updatedAt} AS media
