// Record what users were shown. SHOWN counts a user's impressions of an item since they last engaged
// with it (an engagement after the last counted impression starts the count again). Rows come one per
// (user, item) with `at` = the latest of the batch and `times` = its distinct impressions; a row at or
// before the last time counted (a client's retry) is not counted again. Returns each pair's count.
UNWIND $rows AS row
MATCH (u:User {id: row.userId})
MATCH (m:Media {id: row.mediaId})
MERGE (u)-[s:SHOWN]->(m)
ON CREATE SET s.count = 0
WITH u, m, s, row, s.lastAt IS NULL OR row.at > s.lastAt AS counted
OPTIONAL MATCH (u)-[g:ENGAGED]->(m)
WITH s, row, counted,
     CASE WHEN g IS NOT NULL AND s.lastAt IS NOT NULL AND g.lastAt >= s.lastAt THEN 0 ELSE s.count END AS base
SET s.count = CASE WHEN counted THEN base + row.times ELSE s.count END,
    s.lastAt = CASE WHEN counted THEN row.at ELSE s.lastAt END
RETURN row.userId AS userId, row.mediaId AS mediaId, s.count AS count, s.lastAt AS lastAt, counted
