// Changes every replica has long replayed (older than $before), a bounded batch at a time. The newest
// pruned change of each origin is kept (:ChangePruned), so a replica can tell whether a change it had not
// read yet was pruned (a gap: it reloads) or only time passed (a long snapshot load: nothing missed).
MATCH (c:Change)
WHERE c.at < $before
WITH c LIMIT $limit
WITH c.origin AS origin, max(c.at) AS newest, collect(c) AS pruned
MERGE (w:ChangePruned {origin: origin})
SET w.newestAt = CASE WHEN w.newestAt IS NULL OR w.newestAt < newest THEN newest ELSE w.newestAt END
FOREACH (x IN pruned | DELETE x)
RETURN sum(size(pruned)) AS deleted
