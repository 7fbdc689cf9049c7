// Projection: aggregated engagement edges (weight may be negative for disliked or skipped items).
MATCH (u:User)-[g:ENGAGED]->(m:Media)
RETURN u.id AS user, m.id AS item, g.weight AS weight, g.count AS count, g.lastAt AS lastAt
