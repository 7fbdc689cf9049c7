// Replicas (issue 15, item 4): the change log they replay from, and secrets they share.
CREATE INDEX change_at IF NOT EXISTS FOR (c:Change) ON (c.at);
// Each origin's newest pruned change time (changes/prune.cypher): one node per origin, however many replicas prune at once.
CREATE CONSTRAINT change_pruned_origin IF NOT EXISTS FOR (w:ChangePruned) REQUIRE w.origin IS UNIQUE;
CREATE CONSTRAINT shared_secret_name IF NOT EXISTS FOR (s:SharedSecret) REQUIRE s.name IS UNIQUE;
// Each replica's read cursor (changes/mark-read.cypher): the prune keeps what a live replica has not read yet.
CREATE CONSTRAINT change_reader_origin IF NOT EXISTS FOR (r:ChangeReader) REQUIRE r.origin IS UNIQUE;
