// An embeddings job with a model that has no text projection: the stored one belonged to other embeddings.
MATCH (p:TextProjection {name: $name})
DELETE p
