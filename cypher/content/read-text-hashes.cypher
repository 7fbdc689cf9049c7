// Which media hold a text vector of one model, and the text hash it was computed from (no vectors):
// a serving snapshot's reload keeps the vectors whose hash it already holds.
MATCH (m:Media)
WHERE m.textModel = $model AND m.textEmbedding IS NOT NULL
RETURN m.id AS id, m.textHash AS hash
