// Other replicas' changes from $from on (the change_at index), except those already replayed.
MATCH (c:Change)
WHERE c.at >= $from AND c.origin <> $origin AND NOT c.id IN $seen
RETURN c.id AS id, c.origin AS origin, c.seq AS seq, c.at AS at, c.kind AS kind, c.payload AS payload
ORDER BY c.at, c.origin, c.seq
LIMIT $limit
