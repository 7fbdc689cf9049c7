// Projection: per item, how often it was engaged at each local hour, weekday and on each device.
MATCH (e:Interaction)-[:ON]->(m:Media)
WHERE e.weight > 0 AND (e.localHour IS NOT NULL OR e.weekday IS NOT NULL OR e.device IS NOT NULL)
RETURN m.id AS item, e.localHour AS hour, e.weekday AS weekday, e.device AS device, count(*) AS n
