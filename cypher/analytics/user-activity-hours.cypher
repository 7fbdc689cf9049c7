// Activity histogram of one user by local hour (0–23), from the context of their interaction events.
MATCH (e:Interaction)-[:BY]->(u:User {id: $id})
WHERE e.localHour IS NOT NULL
RETURN e.localHour AS hour, count(*) AS n
