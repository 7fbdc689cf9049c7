// Projection: the users' tag assignments (EASE's tag rows count those on engaged pairs, pipeline/graph-data.ts).
MATCH (u:User)-[t:TAGGED]->(m:Media)
RETURN u.id AS user, m.id AS item, t.tag AS tag
