// Take a media item down by deleting it (served or hidden): the node, the interaction events on it and
// every edge (engagements, impressions, tags, creator) go. The takedown record stays, as for a hide.
OPTIONAL MATCH (m:Media {id: $id})
OPTIONAL MATCH (h:HiddenMedia {id: $id})
WITH [n IN [m, h] WHERE n IS NOT NULL] AS nodes
CALL (nodes) {
  UNWIND nodes AS n
  OPTIONAL MATCH (e:Interaction)-[:ON]->(n)
  DETACH DELETE e
  WITH DISTINCT n
  DETACH DELETE n
}
MERGE (t:MediaTakedown {id: $id})
SET t.mode = 'DELETE', t.reason = $reason, t.at = $at, t.keyId = $keyId
RETURN t {.id, .mode, .reason, .at, .keyId} AS takedown
