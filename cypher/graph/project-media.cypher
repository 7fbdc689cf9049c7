// Projection: every media id with the fields serving needs in memory (filters, freshness, explanations).
MATCH (m:Media)
RETURN m.id AS id, m.kind AS kind, m.publishedAt AS publishedAt,
       m.language AS language, m.durationSec AS durationSec, m.creatorId AS creatorId,
       m.title AS title, m.tags AS tags, m.keywords AS keywords, m.pagerank AS pagerank,
       m.audioVector AS audioVector, m.visualVector AS visualVector
ORDER BY id
