// Keyset page over users ordered by id: walks the user_id index in order from the cursor (every id is a
// non-empty string) and stops after $limit, projecting the page's rows only.
MATCH (u:User)
WHERE u.id > coalesce($after, '')
WITH u ORDER BY u.id LIMIT $limit
RETURN u {.id, .name, .createdAt, .updatedAt} AS user
