// Upsert media with their tags and creator link; unchanged rows (same signature) are not rewritten.
// An id that was taken down (moderation/) is never written again: the API refuses it first, imports skip it.
UNWIND $rows AS row
WITH row WHERE NOT EXISTS { MATCH (:MediaTakedown {id: row.id}) }
OPTIONAL MATCH (existing:Media {id: row.id})
WITH row, existing IS NULL AS isNew, existing IS NOT NULL AND existing.sig = row.sig AS same
MERGE (m:Media {id: row.id})
ON CREATE SET m.createdAt = $now
WITH m, row, isNew, same
FOREACH (_ IN CASE WHEN same THEN [] ELSE [1] END |
  SET m.kind = row.kind, m.title = row.title, m.description = row.description, m.tags = row.tags,
      m.language = row.language, m.durationSec = row.durationSec, m.creatorId = row.creatorId,
      m.publishedAt = row.publishedAt, m.audioVector = row.audioVector, m.visualVector = row.visualVector,
      m.sig = row.sig, m.updatedAt = $now)
WITH m, row, isNew, same
CALL (m, row, same) {
  WITH m, row WHERE NOT same
  OPTIONAL MATCH (m)-[old:HAS_TAG]->(:Tag)
  DELETE old
  WITH DISTINCT m, row
  UNWIND row.tags AS tagName
  MERGE (t:Tag {name: tagName})
  MERGE (m)-[:HAS_TAG]->(t)
}
CALL (m, row, same) {
  WITH m, row WHERE NOT same
  OPTIONAL MATCH (:User)-[old:CREATED]->(m)
  DELETE old
  WITH DISTINCT m, row WHERE row.creatorId IS NOT NULL
  MATCH (c:User {id: row.creatorId})
  MERGE (c)-[:CREATED]->(m)
}
RETURN sum(CASE WHEN isNew THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN NOT isNew AND NOT same THEN 1 ELSE 0 END) AS updated,
       sum(CASE WHEN same THEN 1 ELSE 0 END) AS unchanged
