// Nearest media by the text vectors of one encoder, through the vector index (cosine, as Neo4j scores it:
// (1 + cos) / 2). Vectors of another model, or of another size, are not this model's: filtered out.
CALL db.index.vector.queryNodes('media_text_embedding', $k, $vector)
YIELD node, score
WHERE node.textModel = $model
RETURN node.id AS id, score
