// Batched: for each media item, one page of the users who engaged with it, ordered by user id.
UNWIND $ids AS id
MATCH (m:Media {id: id})
CALL (m) {
  MATCH (u:User)-[g:ENGAGED]->(m)
  WHERE $after IS NULL OR u.id > $after
  WITH u, g ORDER BY u.id LIMIT $limit
  RETURN collect({user: u {.id, .name, .createdAt, .updatedAt}, engagement: g {.weight, .count, .counts, .lastAt}}) AS items
}
RETURN id, items, COUNT { (:User)-[:ENGAGED]->(m) } AS total
