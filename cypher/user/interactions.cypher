// Batched: for each user, one page of their interaction events, newest first (keyset on at, id).
UNWIND $ids AS id
MATCH (u:User {id: id})
CALL (u) {
  MATCH (e:Interaction)-[:BY]->(u)
  WHERE $after IS NULL OR e.at < $after[0] OR (e.at = $after[0] AND e.id < $after[1])
  WITH e ORDER BY e.at DESC, e.id DESC LIMIT $limit
  MATCH (e)-[:ON]->(m:Media)
  RETURN collect(e {.*, userId: u.id, mediaId: m.id}) AS items
}
RETURN id, items, COUNT { (e:Interaction)-[:BY]->(u) WHERE EXISTS { (e)-[:ON]->(:Media) } } AS total
