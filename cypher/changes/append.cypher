// Writes one replica took, for the others to replay (recommend/replica-sync.ts); timed by this server's clock.
WITH timestamp() AS at
UNWIND $changes AS c
CREATE (:Change {id: c.id, origin: c.origin, seq: c.seq, kind: c.kind, payload: c.payload, at: at})
