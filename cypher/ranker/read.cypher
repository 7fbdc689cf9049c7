// The trained fusion ranker (JSON weights), if train-ranker has run.
MATCH (r:RankerModel {name: $name})
RETURN r.json AS json, r.trainedAt AS trainedAt
