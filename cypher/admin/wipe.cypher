// Remove everything (tests and fresh benchmark databases only), in batches to bound memory.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
