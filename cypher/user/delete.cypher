// Erase a person: their events, engagement, follows, tag assignments, derived vectors and caches go with
// the node; media they created stay, without the creator link.
MATCH (u:User {id: $id})
OPTIONAL MATCH (u)-[:CREATED]->(m:Media)
SET m.creatorId = null
WITH DISTINCT u
CALL (u) {
  MATCH (e:Interaction)-[:BY]->(u)
  DETACH DELETE e
}
DETACH DELETE u
RETURN true AS deleted
