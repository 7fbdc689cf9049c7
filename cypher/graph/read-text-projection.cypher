// The stored text → graph-space projection, if the last embeddings job trained one.
MATCH (p:TextProjection {name: $name})
RETURN p.json AS json, p.textModel AS textModel, p.graphModel AS graphModel, p.trainedAt AS trainedAt
