// Replicas (issue 15, item 4): the change log they replay from, and secrets they share.
CREATE INDEX change_at IF NOT EXISTS FOR (c:Change) ON (c.at);
CREATE CONSTRAINT shared_secret_name IF NOT EXISTS FOR (s:SharedSecret) REQUIRE s.name IS UNIQUE;
