/**
 * The one place that talks to the driver: sessions, read/write transactions, value conversion and the
 * mapping of driver errors to domain errors (unreachable → UNAVAILABLE). Reports every query's name and
 * time to listeners (metrics; the DataLoader test counts round trips this way).
 */
import neo4j, { type Driver, type ManagedTransaction, type QueryResult, type RecordShape } from 'neo4j-driver';
import { AppError, UnavailableError, isAppError } from '../../domain/errors';
import { withTimeout } from '../../domain/timeout';
import type { Transaction, WorkGate } from '../../domain/ports';
import type { CypherRegistry, QueryName } from './cypher-registry';
import { toPlain } from './values';

export type Params = Record<string, unknown>;
export type Row = Record<string, unknown>;

/**
 * A transaction handle for multi-statement writes; every statement comes from the registry. It is the
 * ports' opaque Transaction: services get it from the UnitOfWork and hand it back to the repositories.
 */
export interface Tx extends Transaction {
  run(name: QueryName, params?: Params): Promise<Row[]>;
}

export interface QueryListener {
  (name: string, ms: number): void;
}

export interface ExecutorOptions {
  /**
   * Most time a read or write transaction may take before its caller gets UNAVAILABLE (the server is
   * told the same limit). Unset for offline work (imports, jobs); set for the API, so a hung Neo4j cannot
   * hang requests. Streams are never cut.
   */
  timeoutMs?: number;
  /**
   * Admits each read or write transaction (the API's per-key share of the database); the transaction's
   * time limit starts once it is admitted. Streams and auto-commit statements (offline work) pass.
   */
  gate?: WorkGate;
}

/**
 * Records per fetch when streaming vectors (the executor's default is 10,000): a 256-d vector decodes to
 * ~4 KB of JS objects, so a 10,000-record batch (~43 MB) outlived V8's young generation and every vector
 * was promoted before it died; on the 10× world the old space then grew by ~750 MB of garbage during the
 * read, in half the runs (`npm run bench:snapshot-memory -- --scale 10`: peak RSS 1.0 or 1.75 GB).
 */
export const VECTOR_FETCH_SIZE = 1000;

export class Executor {
  private readonly listeners: QueryListener[] = [];
  /**
   * One bookmark manager for every session of this process: on a Neo4j cluster (neo4j:// routing) each
   * read waits until the member serving it has applied this process's earlier writes (causal
   * consistency), so a client reads its own writes whichever member answers. A single server is
   * unaffected (its bookmarks are always current).
   */
  private readonly bookmarks = neo4j.bookmarkManager();

  constructor(
    readonly driver: Driver,
    private readonly cypher: CypherRegistry,
    private readonly database?: string,
    private readonly options: ExecutorOptions = {},
  ) {}

  onQuery(listener: QueryListener): void {
    this.listeners.push(listener);
  }

  async read(name: QueryName, params: Params = {}): Promise<Row[]> {
    return this.inSession('READ', (tx) => tx.run(name, params));
  }

  async write(name: QueryName, params: Params = {}): Promise<Row[]> {
    return this.inSession('WRITE', (tx) => tx.run(name, params));
  }

  /** Several statements in one write transaction: all or nothing. Throwing inside rolls back. */
  async writeTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.inSession('WRITE', work);
  }

  async readTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.inSession('READ', work);
  }

  /**
   * Streams a read's records to `onRow` as the driver pulls them in batches (fetchSize), so a
   * projection never holds the whole result as driver objects.
   */
  async stream(name: QueryName, params: Params, onRow: (row: Row) => void, fetchSize = 10_000): Promise<number> {
    // A request's stream (the analyst export) takes its key's share of the database like a transaction.
    const gate = this.options.gate;
    const run = (): Promise<number> => this.streamInSession(name, params, onRow, fetchSize);
    return gate ? gate(run) : run();
  }

  private async streamInSession(
    name: QueryName,
    params: Params,
    onRow: (row: Row) => void,
    fetchSize: number,
  ): Promise<number> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: neo4j.session.READ,
      fetchSize,
      bookmarkManager: this.bookmarks,
    });
    const started = Date.now();
    let n = 0;
    try {
      const result = session.run(this.cypher[name], params);
      for await (const record of result) {
        onRow(toPlain(record.toObject()) as Row);
        n++;
      }
      this.emit(name, started);
      return n;
    } catch (error) {
      throw mapDriverError(error);
    } finally {
      await session.close();
    }
  }

  /** A registered query that must run in an auto-commit transaction (CALL … IN TRANSACTIONS). */
  async autoCommit(name: QueryName, params: Params = {}): Promise<Row[]> {
    return this.runAutoCommit(this.cypher[name], params);
  }

  /** Raw statement in an auto-commit transaction (schema, CALL … IN TRANSACTIONS). */
  async runAutoCommit(statement: string, params: Params = {}): Promise<Row[]> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: neo4j.session.WRITE,
      bookmarkManager: this.bookmarks,
    });
    const started = Date.now();
    try {
      const result = await session.run(statement, params);
      this.emit('auto', started);
      return result.records.map((r) => toPlain(r.toObject()) as Row);
    } catch (error) {
      throw mapDriverError(error);
    } finally {
      await session.close();
    }
  }

  private async inSession<T>(mode: 'READ' | 'WRITE', work: (tx: Tx) => Promise<T>): Promise<T> {
    const gate = this.options.gate;
    return gate ? gate(() => this.inOwnSession(mode, work)) : this.inOwnSession(mode, work);
  }

  private async inOwnSession<T>(mode: 'READ' | 'WRITE', work: (tx: Tx) => Promise<T>): Promise<T> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarks,
    });
    const body = async (mtx: ManagedTransaction): Promise<T> => work(this.wrap(mtx));
    const timeoutMs = this.options.timeoutMs;
    const config = timeoutMs ? { timeout: timeoutMs } : undefined;
    const run = (mode === 'READ' ? session.executeRead(body, config) : session.executeWrite(body, config)).finally(() =>
      session.close(),
    );
    try {
      return await (timeoutMs ? withTimeout(run, timeoutMs) : run);
    } catch (error) {
      throw mapDriverError(error);
    }
  }

  private wrap(mtx: ManagedTransaction): Tx {
    return {
      isTransaction: true,
      run: async (name, params = {}) => {
        const started = Date.now();
        const result: QueryResult<RecordShape> = await mtx.run(this.cypher[name], params);
        this.emit(name, started);
        return result.records.map((r) => toPlain(r.toObject()) as Row);
      },
    };
  }

  private emit(name: string, started: number): void {
    const ms = Date.now() - started;
    for (const l of this.listeners) l(name, ms);
  }
}

const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Cluster.NotALeader',
]);

/** Driver → domain. Domain errors thrown inside a transaction pass through unchanged. */
export function mapDriverError(error: unknown): Error {
  if (isAppError(error)) return error;
  const e = error as { code?: string; message?: string };
  const code = e?.code ?? '';
  const message = e?.message ?? String(error);
  if (
    UNAVAILABLE_CODES.has(code) ||
    (/ECONNREFUSED|ECONNRESET|connect|Connection acquisition timed out|Pool is closed/i.test(message) &&
      !code.startsWith('Neo.ClientError.Statement'))
  ) {
    // Addresses and driver internals stay in the log (the error's cause), out of client answers.
    return new UnavailableError('Neo4j is unavailable; try again shortly', error);
  }
  if (code === 'Neo.ClientError.Statement.EntityNotFound') {
    return new AppError('CONFLICT', 'a record this write refers to was deleted while it ran; retry the write');
  }
  if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return new AppError('CONFLICT', `A uniqueness rule was violated: ${message.split('\n')[0]}`);
  }
  return new AppError('INTERNAL_SERVER_ERROR', `Database error (${code || 'unknown'}): ${message.split('\n')[0]}`);
}
