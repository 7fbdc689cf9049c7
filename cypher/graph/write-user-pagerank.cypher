// Write back user influence (PageRank on FOLLOWS).
UNWIND $rows AS row
MATCH (u:User {id: row.id})
SET u.pagerank = row.score, u.pagerankAt = $at
