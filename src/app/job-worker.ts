/**
 * Worker-thread side of runJobOffThread (job-thread.ts): its own Neo4j driver and tfjs instance, one job
 * run as `npm run job` runs it (jobs/run-job.ts), each log line and then the result (or the error) sent
 * back to the service.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/config';
import { runJob, type JobName } from '../jobs/run-job';
import { createDriver } from '../store/neo4j/driver';
import { createStores } from '../store/neo4j/stores';

export interface JobThreadInput {
  job: JobName;
  config: Config;
  /** The service's Neo4j: its resolved address and password (the embedded one's are not in the config). */
  connection: { uri: string; password: string };
  epochs?: number;
}

export type JobThreadMessage = { log: string } | { result: Record<string, unknown> } | { error: string };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('job-worker.ts runs only as a worker thread');
  const { job, config, connection, epochs } = workerData as JobThreadInput;
  const send = (message: JobThreadMessage): void => port.postMessage(message);
  const driver = createDriver({ ...config.neo4j, ...connection });
  let outcome: JobThreadMessage;
  try {
    const stores = createStores(driver, config.neo4j.database);
    const result = await runJob(job, stores, config, {
      log: (line) => send({ log: line }),
      ...(epochs === undefined ? {} : { epochs }),
    });
    outcome = { result };
  } catch (error) {
    outcome = { error: (error as Error).message };
  }
  // The outcome last, once the driver is closed: the service ends the thread when it arrives.
  await driver.close().catch(() => undefined);
  send(outcome);
}

void main();
