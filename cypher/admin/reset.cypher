// Erase every node and relationship (npm run reset), in batches so a large graph fits in memory.
// Constraints and indexes stay. Runs in an auto-commit transaction (CALL … IN TRANSACTIONS).
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
