// Store graph-text's text → graph-space projection (JSON weights) next to the embeddings it belongs to:
// serving places media that have no graph embedding yet by projecting their text vector.
MERGE (p:TextProjection {name: $name})
SET p.json = $json, p.textModel = $textModel, p.graphModel = $graphModel, p.trainedAt = $at
