// Analyst export: the social graph (user ids are pseudonymised by the caller).
MATCH (a:User)-[f:FOLLOWS]->(b:User)
RETURN a.id AS follower, b.id AS followee, f.since AS since
