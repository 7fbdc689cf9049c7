// Keyset page over users ordered by id.
MATCH (u:User)
WHERE $after IS NULL OR u.id > $after
RETURN u {.id, .name, .createdAt, .updatedAt} AS user
ORDER BY u.id
LIMIT $limit
