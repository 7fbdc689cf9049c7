// Write back media popularity (PageRank on the weighted engagement graph).
UNWIND $rows AS row
MATCH (m:Media {id: row.id})
SET m.pagerank = row.score, m.pagerankAt = $at
