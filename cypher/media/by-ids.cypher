UNWIND $ids AS id
MATCH (m:Media {id: id})
RETURN m {.id, .kind, .title, .description, .tags, .keywords, .pagerank, .language, .durationSec, .creatorId, .publishedAt, .createdAt, .updatedAt} AS media
