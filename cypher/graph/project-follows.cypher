// Projection: directed FOLLOWS edges.
MATCH (a:User)-[:FOLLOWS]->(b:User)
RETURN a.id AS src, b.id AS dst
