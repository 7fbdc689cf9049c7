// Job history: one node per run, updated when it ends.
MERGE (j:JobRun {id: $run.id})
SET j += $run
