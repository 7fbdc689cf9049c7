// Analyst export: the aggregated interaction graph (user ids are pseudonymised by the caller).
MATCH (u:User)-[g:ENGAGED]->(m:Media)
RETURN u.id AS user, m.id AS media, m.kind AS kind, g.weight AS weight, g.count AS count, g.counts AS counts, g.lastAt AS lastAt
