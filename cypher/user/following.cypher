// Batched: for each user, one page of the users they follow, and the total.
UNWIND $ids AS id
MATCH (u:User {id: id})
CALL (u) {
  MATCH (u)-[:FOLLOWS]->(v:User)
  WHERE $after IS NULL OR v.id > $after
  WITH v ORDER BY v.id LIMIT $limit
  RETURN collect(v {.id, .name, .createdAt, .updatedAt}) AS items
}
RETURN id, items, COUNT { (u)-[:FOLLOWS]->(:User) } AS total
