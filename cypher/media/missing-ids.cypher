// Which of the given media ids do not exist.
UNWIND $ids AS id
OPTIONAL MATCH (m:Media {id: id})
WITH id, m WHERE m IS NULL
RETURN collect(id) AS missing
