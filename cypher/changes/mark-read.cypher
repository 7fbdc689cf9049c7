// A replica's read cursor: it still needs every change from $from on (changes/prune.cypher keeps them
// while the replica marks within the live window); timed by this server's clock.
MERGE (r:ChangeReader {origin: $origin})
SET r.from = $from, r.markedAt = timestamp()
