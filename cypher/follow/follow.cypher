// Idempotent follow; returns whether the edge is new.
MATCH (a:User {id: $followerId})
MATCH (b:User {id: $followeeId})
OPTIONAL MATCH (a)-[existing:FOLLOWS]->(b)
WITH a, b, existing IS NULL AS isNew
MERGE (a)-[f:FOLLOWS]->(b)
ON CREATE SET f.since = $now
RETURN isNew
