// Text fields and cached-vector key of the given media (absent ids are skipped), for embedding on upsert.
UNWIND $ids AS id
MATCH (m:Media {id: id})
RETURN m.id AS id, m.title AS title, m.description AS description, m.tags AS tags,
       m.textModel AS textModel, m.textHash AS textHash
