// After a bulk load: media whose tags are the empty list (CSV cannot hold an empty array).
UNWIND $ids AS id
MATCH (m:Media {id: id})
SET m.tags = []
RETURN count(m) AS updated
