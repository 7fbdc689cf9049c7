// Projection: (user, item) pairs shown at least $limit times since the user last engaged with the item,
// the last of them since $since; feeds leave these out (recommend/impressions.ts).
MATCH (u:User)-[s:SHOWN]->(m:Media)
WHERE s.lastAt >= $since AND s.count >= $limit
  AND NOT EXISTS { MATCH (u)-[g:ENGAGED]->(m) WHERE g.lastAt >= s.lastAt }
RETURN u.id AS user, m.id AS item, s.count AS count, s.lastAt AS lastAt
