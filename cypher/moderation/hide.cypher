// Take a media item down by hiding it: it loses the :Media label, so no read, feed, projection, count or
// vector index sees it any more, and keeps its edges and events for a restore. The takedown record
// keeps the id (an upsert of it is refused), the mode, the reason, the time and the key.
MATCH (m:Media {id: $id})
REMOVE m:Media
SET m:HiddenMedia
MERGE (t:MediaTakedown {id: $id})
SET t.mode = 'HIDE', t.reason = $reason, t.at = $at, t.keyId = $keyId
RETURN t {.id, .mode, .reason, .at, .keyId} AS takedown
