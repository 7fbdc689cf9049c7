UNWIND $ids AS id
MATCH (m:Media {id: id})
RETURN m {.*} AS media
