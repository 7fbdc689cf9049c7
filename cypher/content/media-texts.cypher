// Media text fields with the key of the cached text vector, for the embed-media job.
MATCH (m:Media)
RETURN m.id AS id, m.title AS title, m.description AS description, m.tags AS tags,
       m.textModel AS textModel, m.textHash AS textHash
ORDER BY id
