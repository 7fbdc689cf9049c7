// The cached text vectors of one model for the given media ids (absent media and other models skipped).
UNWIND $ids AS id
MATCH (m:Media {id: id})
WHERE m.textModel = $model AND m.textEmbedding IS NOT NULL
RETURN m.id AS id, m.textEmbedding AS vector, m.textHash AS hash
