// Erasure: the change log keeps nothing of the person but the erasure itself (which the other replicas
// need to forget them, and which is pruned with the rest). $needle is the id as a JSON string ("u1").
MATCH (c:Change)
WHERE c.kind <> 'userDeleted' AND c.payload CONTAINS $needle
DELETE c
RETURN count(*) AS deleted
