/**
 * Load driver run as a separate process by the serve and soak benchmarks (so it does not share the
 * server's event loop): keeps `concurrency` GraphQL requests in flight for `seconds`. Each request picks
 * an operation of the mix by weight and one of its variable sets; the string "@uuid" in variables is
 * replaced by a fresh id (writes that must be new events). Input: the path of a JSON file
 * { url, mix: [{ name, query, variables: [...], weight }], concurrency, seconds, headers? }. Output: one
 * JSON line (latency quantiles in ms, errors, HTTP statuses). With `rate`, requests start at most that
 * many times a second (a client pacing itself within its limits).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

interface Op {
  name: string;
  query: string;
  variables: Record<string, unknown>[];
  weight: number;
}

interface Spec {
  url: string;
  mix: Op[];
  concurrency: number;
  seconds: number;
  /** Sent with every request (an API key). */
  headers?: Record<string, string>;
  /** Requests per second over all workers (a well-behaved client); unset = as fast as answers come. */
  rate?: number;
  /** Print every latency too (ms, in order of completion), for a caller that pools several runs. */
  keepLatencies?: boolean;
}

const fresh = (v: unknown): unknown =>
  v === '@uuid'
    ? randomUUID()
    : Array.isArray(v)
      ? v.map(fresh)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fresh(x)]))
        : v;

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Spec;
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const url = new URL(spec.url);
  const post = (body: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent,
          headers: { ...spec.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const latencies: number[] = [];
  const perOp: Record<string, { requests: number; errors: number; latencies: number[] }> = {};
  const total = spec.mix.reduce((sum, op) => sum + op.weight, 0);
  let errors = 0;
  const statuses: Record<string, number> = {};
  let firstError: string | null = null;
  const deadline = Date.now() + spec.seconds * 1000;
  let seed = 12345;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
  const pick = (): Op => {
    let r = rand() * total;
    for (const op of spec.mix) if ((r -= op.weight) < 0) return op;
    return spec.mix[spec.mix.length - 1]!;
  };
  let nextSlot = Date.now();
  const paced = async (): Promise<void> => {
    if (!spec.rate) return;
    const slot = (nextSlot = Math.max(nextSlot, Date.now()) + 1000 / spec.rate);
    const wait = slot - 1000 / spec.rate - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline) {
      await paced();
      if (Date.now() >= deadline) break;
      const op = pick();
      const stats = (perOp[op.name] ??= { requests: 0, errors: 0, latencies: [] });
      const body = JSON.stringify({
        query: op.query,
        variables: fresh(op.variables[Math.floor(rand() * op.variables.length)]),
      });
      const t0 = performance.now();
      try {
        const res = await post(body);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const json = JSON.parse(res.text) as { errors?: { message: string }[] };
        if (res.status !== 200 || json.errors) {
          errors++;
          stats.errors++;
          firstError ??= json.errors?.[0]?.message ?? `HTTP ${res.status}`;
        }
      } catch (error) {
        errors++;
        stats.errors++;
        firstError ??= (error as Error).message;
      }
      latencies.push(performance.now() - t0);
      stats.requests++;
      stats.latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const q = (xs: number[], p: number): number =>
    Number((xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN).toFixed(2));
  const raw = spec.keepLatencies ? latencies.map((ms) => Number(ms.toFixed(2))) : undefined;
  latencies.sort((a, b) => a - b);
  const ops = Object.fromEntries(
    Object.entries(perOp).map(([name, s]) => {
      s.latencies.sort((a, b) => a - b);
      return [name, { requests: s.requests, errors: s.errors, p50: q(s.latencies, 0.5), p99: q(s.latencies, 0.99) }];
    }),
  );
  agent.destroy();
  console.log(
    JSON.stringify({
      requests: latencies.length,
      errors,
      firstError,
      rps: Number((latencies.length / seconds).toFixed(1)),
      p50: q(latencies, 0.5),
      p90: q(latencies, 0.9),
      p99: q(latencies, 0.99),
      max: q(latencies, 1),
      statuses,
      ...(spec.mix.length > 1 ? { ops } : {}),
      ...(raw ? { latencies: raw } : {}),
    }),
  );
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
