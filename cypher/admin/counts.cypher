// Whole-database counts by type, for health, imports and tests.
RETURN COUNT { (:User) } AS users,
       COUNT { (:Media) } AS media,
       COUNT { (:Interaction) } AS interactions,
       COUNT { ()-[:ENGAGED]->() } AS engagements,
       COUNT { ()-[:FOLLOWS]->() } AS follows,
       COUNT { ()-[:TAGGED]->() } AS tagAssignments,
       COUNT { (:Tag) } AS tags
