// Takedowns and impressions (issue 14, item 6). A hidden media item keeps its id under :HiddenMedia; the
// takedown record keeps the id of every media item taken down, hidden or deleted.
CREATE CONSTRAINT hidden_media_id IF NOT EXISTS FOR (h:HiddenMedia) REQUIRE h.id IS UNIQUE;
CREATE CONSTRAINT media_takedown_id IF NOT EXISTS FOR (t:MediaTakedown) REQUIRE t.id IS UNIQUE;
CREATE INDEX shown_last IF NOT EXISTS FOR ()-[s:SHOWN]-() ON (s.lastAt);
