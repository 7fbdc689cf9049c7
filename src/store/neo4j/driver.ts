/** Driver construction with timeouts short enough that an unreachable Neo4j fails fast (UNAVAILABLE). */
import neo4j, { type Driver } from 'neo4j-driver';

export interface DriverOptions {
  uri: string;
  user: string;
  password: string;
  connectionTimeoutMs: number;
}

export function createDriver(options: DriverOptions): Driver {
  return neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
    connectionTimeout: options.connectionTimeoutMs,
    // A pool exhausted by hung queries, or a dead server, answers within the configured time.
    connectionAcquisitionTimeout: options.connectionTimeoutMs,
    maxTransactionRetryTime: options.connectionTimeoutMs,
    maxConnectionPoolSize: 64,
    disableLosslessIntegers: false,
    logging: { level: 'error', logger: () => undefined },
  });
}
