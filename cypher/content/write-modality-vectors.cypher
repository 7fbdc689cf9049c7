// Client-supplied audio/visual embeddings of media (content similarity uses them beside text).
UNWIND $rows AS row
MATCH (m:Media {id: row.id})
SET m.audioVector = coalesce(row.audio, m.audioVector), m.visualVector = coalesce(row.visual, m.visualVector)
