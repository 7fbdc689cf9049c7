// Upsert users; a row whose signature matches the stored one is left untouched ("unchanged").
UNWIND $rows AS row
OPTIONAL MATCH (existing:User {id: row.id})
WITH row, existing IS NULL AS isNew, existing IS NOT NULL AND existing.sig = row.sig AS same
MERGE (u:User {id: row.id})
ON CREATE SET u.createdAt = $now
WITH u, row, isNew, same
FOREACH (_ IN CASE WHEN same THEN [] ELSE [1] END |
  SET u.name = row.name, u.sig = row.sig, u.updatedAt = $now)
RETURN sum(CASE WHEN isNew THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN NOT isNew AND NOT same THEN 1 ELSE 0 END) AS updated,
       sum(CASE WHEN same THEN 1 ELSE 0 END) AS unchanged
