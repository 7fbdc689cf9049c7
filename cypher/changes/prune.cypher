// Changes every replica has replayed, a bounded batch at a time: older than $before and than the read
// cursor of every live replica (one that marked its cursor within $liveMs; a replica in a long snapshot
// load keeps what it will read when it polls), but never newer than $floor: a replica that falls that far
// behind finds a change it had not read pruned and reloads instead. The newest pruned change of each origin
// is kept (:ChangePruned), so a replica can tell whether a change it had not read yet was pruned (a gap:
// it reloads) or only time passed (nothing missed).
OPTIONAL MATCH (r:ChangeReader)
WHERE r.markedAt >= timestamp() - $liveMs
WITH min(r.from) AS slowest
WITH CASE WHEN slowest IS NULL OR slowest >= $before THEN $before
          WHEN slowest < $floor THEN $floor
          ELSE slowest END AS cutoff
MATCH (c:Change)
WHERE c.at < cutoff
WITH c LIMIT $limit
WITH c.origin AS origin, max(c.at) AS newest, collect(c) AS pruned
MERGE (w:ChangePruned {origin: origin})
SET w.newestAt = CASE WHEN w.newestAt IS NULL OR w.newestAt < newest THEN newest ELSE w.newestAt END
FOREACH (x IN pruned | DELETE x)
RETURN sum(size(pruned)) AS deleted
