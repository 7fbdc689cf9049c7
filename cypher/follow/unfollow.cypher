// Returns whether an edge was removed.
OPTIONAL MATCH (:User {id: $followerId})-[f:FOLLOWS]->(:User {id: $followeeId})
WITH f, f IS NOT NULL AS existed
DELETE f
RETURN existed
