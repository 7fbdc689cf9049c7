// Changes every replica has long replayed (older than $before), a bounded batch at a time.
MATCH (c:Change)
WHERE c.at < $before
WITH c LIMIT $limit
DELETE c
RETURN count(*) AS deleted
