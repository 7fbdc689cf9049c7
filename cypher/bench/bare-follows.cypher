UNWIND $rows AS row
MATCH (a:User {id: row.followerId}) MATCH (b:User {id: row.followeeId})
MERGE (a)-[:FOLLOWS]->(b)
