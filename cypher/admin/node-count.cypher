// Whether the database holds anything at all (a bulk load goes only into an empty one).
MATCH (n) RETURN count(n) AS nodes
