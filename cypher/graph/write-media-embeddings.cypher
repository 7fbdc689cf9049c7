// Write back learned media embeddings (graph model); the media_embedding vector index serves k-NN.
UNWIND $rows AS row
MATCH (m:Media {id: row.id})
CALL db.create.setNodeVectorProperty(m, 'embedding', row.vector)
SET m.embeddingModel = $model, m.embeddingAt = $at
