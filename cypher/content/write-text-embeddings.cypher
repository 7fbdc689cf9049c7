// Cache text vectors per (model id, text hash) on the media item; recomputed only when either changes.
UNWIND $rows AS row
MATCH (m:Media {id: row.id})
SET m.textEmbedding = row.vector, m.textModel = $model, m.textHash = row.hash
