// Nearest media by graph embedding through the vector index (used past the in-memory size limit).
CALL db.index.vector.queryNodes('media_embedding', $k, $vector)
YIELD node, score
RETURN node.id AS id, score
