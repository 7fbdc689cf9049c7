// Keywords per media item (TF-IDF over the catalogue's text).
UNWIND $rows AS row
MATCH (m:Media {id: row.id})
SET m.keywords = row.keywords
