// Projection: per media item and tag, how many users assigned it (EASE's tag rows, pipeline/graph-data.ts).
MATCH (:User)-[t:TAGGED]->(m:Media)
RETURN m.id AS item, t.tag AS tag, count(*) AS users
