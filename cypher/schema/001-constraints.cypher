// Unique identities. Each statement is idempotent (IF NOT EXISTS) and applied at start.
CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE;
CREATE CONSTRAINT media_id IF NOT EXISTS FOR (m:Media) REQUIRE m.id IS UNIQUE;
CREATE CONSTRAINT tag_name IF NOT EXISTS FOR (t:Tag) REQUIRE t.name IS UNIQUE;
CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR (e:Interaction) REQUIRE e.id IS UNIQUE;
