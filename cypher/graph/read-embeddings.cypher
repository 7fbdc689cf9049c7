// Stored graph embeddings, for serving (users and media).
CALL () {
  MATCH (u:User) WHERE u.embedding IS NOT NULL RETURN 'user' AS kind, u.id AS id, u.embedding AS vector
  UNION ALL
  MATCH (m:Media) WHERE m.embedding IS NOT NULL RETURN 'media' AS kind, m.id AS id, m.embedding AS vector
}
RETURN kind, id, vector
