// Store the trained fusion ranker so every replica serves the same weights.
MERGE (r:RankerModel {name: $name})
SET r.json = $json, r.trainedAt = $at
