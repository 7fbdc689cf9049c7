// Batched idempotent follows (import); rows whose users are missing are skipped by MATCH.
UNWIND $rows AS row
MATCH (a:User {id: row.followerId})
MATCH (b:User {id: row.followeeId})
MERGE (a)-[f:FOLLOWS]->(b)
ON CREATE SET f.since = $now
RETURN count(f) AS written
