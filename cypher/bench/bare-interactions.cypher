UNWIND $rows AS row
MATCH (u:User {id: row.userId}) MATCH (m:Media {id: row.mediaId})
CREATE (e:Interaction {id: row.eventId, type: row.type, weight: row.weight, at: row.at})
CREATE (e)-[:BY]->(u), (e)-[:ON]->(m)
MERGE (u)-[g:ENGAGED]->(m)
SET g.weight = coalesce(g.weight, 0) + row.weight, g.count = coalesce(g.count, 0) + 1
