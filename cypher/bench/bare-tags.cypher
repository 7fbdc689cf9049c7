UNWIND $rows AS row
MATCH (u:User {id: row.userId}) MATCH (m:Media {id: row.mediaId})
MERGE (u)-[t:TAGGED {tag: row.tag}]->(m) SET t.at = row.at
