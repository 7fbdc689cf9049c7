MATCH (:Tag {name: $tag})<-[:HAS_TAG]-(m:Media)
WHERE $kind IS NULL OR m.kind = $kind
RETURN count(m) AS total
