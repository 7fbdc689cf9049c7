UNWIND $rows AS row
MERGE (m:Media {id: row.id}) SET m.kind = row.kind, m.title = row.title, m.tags = row.tags
WITH m, row UNWIND row.tags AS tag
MERGE (t:Tag {name: tag}) MERGE (m)-[:HAS_TAG]->(t)
