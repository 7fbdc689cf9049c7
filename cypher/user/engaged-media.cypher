// Batched: for each user, one page of the media they engaged with (aggregated edge), ordered by media id.
UNWIND $ids AS id
MATCH (u:User {id: id})
CALL (u) {
  MATCH (u)-[g:ENGAGED]->(m:Media)
  WHERE $after IS NULL OR m.id > $after
  WITH m, g ORDER BY m.id LIMIT $limit
  RETURN collect({media: m {.id, .kind, .title, .description, .tags, .keywords, .pagerank, .language, .durationSec, .creatorId, .publishedAt, .createdAt, .updatedAt}, engagement: g {.weight, .count, .counts, .lastAt}}) AS items
}
RETURN id, items, COUNT { (u)-[:ENGAGED]->(:Media) } AS total
