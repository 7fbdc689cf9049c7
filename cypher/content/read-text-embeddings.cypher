// Cached text vectors of one model, for serving, with the text hash each was computed from.
MATCH (m:Media)
WHERE m.textModel = $model AND m.textEmbedding IS NOT NULL
RETURN m.id AS id, m.textEmbedding AS vector, m.textHash AS hash
