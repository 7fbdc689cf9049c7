// A secret every replica shares (the export pseudonym key): the first replica's candidate is kept.
MERGE (s:SharedSecret {name: $name})
ON CREATE SET s.value = $candidate
RETURN s.value AS value
