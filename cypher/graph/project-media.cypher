// Projection: every media id with the fields ranking needs in memory.
MATCH (m:Media)
RETURN m.id AS id, m.kind AS kind, m.publishedAt AS publishedAt, m.createdAt AS createdAt
ORDER BY id
