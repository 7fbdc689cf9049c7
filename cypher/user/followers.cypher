// Batched: for each user, one page of their followers, and the total.
UNWIND $ids AS id
MATCH (u:User {id: id})
CALL (u) {
  MATCH (v:User)-[:FOLLOWS]->(u)
  WHERE $after IS NULL OR v.id > $after
  WITH v ORDER BY v.id LIMIT $limit
  RETURN collect(v {.id, .name, .createdAt, .updatedAt}) AS items
}
RETURN id, items, COUNT { (:User)-[:FOLLOWS]->(u) } AS total
