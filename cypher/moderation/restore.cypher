// Undo a hide: the item is served again and its takedown record goes. Nothing for a deleted item.
MATCH (h:HiddenMedia {id: $id})
MATCH (t:MediaTakedown {id: $id, mode: 'HIDE'})
REMOVE h:HiddenMedia
SET h:Media
DELETE t
RETURN true AS restored
