// Where a media id stands: served (:Media), hidden (:HiddenMedia), and its takedown record if any.
OPTIONAL MATCH (m:Media {id: $id})
OPTIONAL MATCH (h:HiddenMedia {id: $id})
OPTIONAL MATCH (t:MediaTakedown {id: $id})
RETURN m IS NOT NULL AS visible, h IS NOT NULL AS hidden, t {.id, .mode, .reason, .at, .keyId} AS takedown
