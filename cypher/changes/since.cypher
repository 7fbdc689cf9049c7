// Other replicas' changes from $from on (the change_at index), except those already replayed, with the
// database's time of the read (a replica then moves $from on even when nothing new was there) and the
// newest of the other replicas' changes pruned so far (null: none).
OPTIONAL MATCH (w:ChangePruned)
WHERE w.origin <> $origin
WITH max(w.newestAt) AS prunedNewest
OPTIONAL MATCH (c:Change)
WHERE c.at >= $from AND c.origin <> $origin AND NOT c.id IN $seen
WITH prunedNewest, c
ORDER BY c.at, c.origin, c.seq
LIMIT $limit
RETURN
  [x IN collect(c) | {id: x.id, origin: x.origin, seq: x.seq, at: x.at, kind: x.kind, payload: x.payload}] AS changes,
  timestamp() AS now,
  prunedNewest
