// Record interaction events idempotently by event id and fold each new one into the aggregated
// ENGAGED edge in the same transaction. An event that already has its BY link was recorded before.
UNWIND $rows AS row
MATCH (u:User {id: row.userId})
MATCH (m:Media {id: row.mediaId})
MERGE (e:Interaction {id: row.eventId})
ON CREATE SET e.type = row.type, e.weight = row.weight, e.rating = row.rating, e.text = row.text,
              e.at = row.at, e.device = row.device, e.location = row.location,
              e.localHour = row.localHour, e.weekday = row.weekday, e.recordedAt = $now
WITH u, m, e, row
WHERE NOT (e)-[:BY]->()
CREATE (e)-[:BY]->(u), (e)-[:ON]->(m)
MERGE (u)-[g:ENGAGED]->(m)
ON CREATE SET g.weight = 0.0, g.count = 0, g.counts = [0, 0, 0, 0, 0, 0, 0, 0, 0], g.firstAt = row.at
SET g.weight = g.weight + row.weight,
    g.count = g.count + 1,
    g.counts = [i IN range(0, 8) | g.counts[i] + CASE WHEN i = row.typeIndex THEN 1 ELSE 0 END],
    g.lastAt = CASE WHEN g.lastAt IS NULL OR row.at > g.lastAt THEN row.at ELSE g.lastAt END
RETURN count(e) AS recorded
