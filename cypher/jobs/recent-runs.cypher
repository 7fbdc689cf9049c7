MATCH (j:JobRun)
RETURN j {.*} AS run
ORDER BY j.startedAt DESC
LIMIT $limit
