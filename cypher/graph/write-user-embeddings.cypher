// Write back learned user embeddings (graph model) with the model that produced them.
UNWIND $rows AS row
MATCH (u:User {id: row.id})
SET u.embedding = row.vector, u.embeddingModel = $model, u.embeddingAt = $at
