// Keyset page over media ordered by id, optionally of one kind. `m.id > coalesce($after, '')` (every id is
// a non-empty string) lets the planner walk the media_id index in order and stop after $limit, instead
// of scanning and sorting every media item on each page; the projection runs on the page's rows only.
MATCH (m:Media)
WHERE m.id > coalesce($after, '') AND ($kind IS NULL OR m.kind = $kind)
WITH m ORDER BY m.id LIMIT $limit
RETURN m {.id, .kind, .title, .description, .tags, .keywords, .pagerank, .language, .durationSec, .creatorId, .publishedAt, .createdAt, .updatedAt} AS media
