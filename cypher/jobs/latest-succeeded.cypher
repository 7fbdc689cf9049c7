// The last successful run of each job: the "job versions" a running service polls to notice new results.
MATCH (j:JobRun {status: 'SUCCEEDED'})
RETURN j.job AS job, max(j.finishedAt) AS finishedAt
