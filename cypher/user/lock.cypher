// Takes the write lock of each given user for the rest of the transaction (a property written and removed
// again changes nothing but the lock), so every write that links to a user serialises with that user's
// erasure. Callers pass ids sorted, so two transactions lock in one order; existence is checked after.
UNWIND $ids AS id
MATCH (u:User {id: id})
SET u.lockedBy = true
REMOVE u.lockedBy
RETURN count(u) AS locked
