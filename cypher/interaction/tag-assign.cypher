// User tag assignments (a user tagging a media item), idempotent per (user, media, tag).
UNWIND $rows AS row
MATCH (u:User {id: row.userId})
MATCH (m:Media {id: row.mediaId})
MERGE (u)-[t:TAGGED {tag: row.tag}]->(m)
ON CREATE SET t.at = row.at
RETURN count(t) AS written
