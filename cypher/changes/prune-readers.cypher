// Cursors of replicas gone without stopping (killed): no longer live, deleted once older than $before.
MATCH (r:ChangeReader)
WHERE r.markedAt < $before
DELETE r
RETURN count(*) AS deleted
