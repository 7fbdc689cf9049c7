// Projection: every user id (dense indices follow this order).
MATCH (u:User) RETURN u.id AS id ORDER BY id
