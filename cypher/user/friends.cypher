// Batched: a friendship is a follow in both directions.
UNWIND $ids AS id
MATCH (u:User {id: id})
CALL (u) {
  MATCH (u)-[:FOLLOWS]->(v:User)-[:FOLLOWS]->(u)
  WHERE $after IS NULL OR v.id > $after
  WITH v ORDER BY v.id LIMIT $limit
  RETURN collect(v {.id, .name, .createdAt, .updatedAt}) AS items
}
RETURN id, items, COUNT { (u)-[:FOLLOWS]->(w:User)-[:FOLLOWS]->(u) } AS total
