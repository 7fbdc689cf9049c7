/**
 * Load driver run as a separate process by bench:serve (so it does not share the server's event loop):
 * keeps `concurrency` GraphQL requests in flight for `seconds`, picking a random variable set each time.
 * Input: one JSON argument { url, query, variables: [...], concurrency, seconds }. Output: one JSON line.
 */
import { Agent, request } from 'node:http';

interface Spec {
  url: string;
  query: string;
  variables: Record<string, unknown>[];
  concurrency: number;
  seconds: number;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] as string) as Spec;
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const url = new URL(spec.url);
  const post = (body: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
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
  let errors = 0;
  let firstError: string | null = null;
  const deadline = Date.now() + spec.seconds * 1000;
  let seed = 12345;
  const next = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) % spec.variables.length);
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const body = JSON.stringify({ query: spec.query, variables: spec.variables[next()] });
      const t0 = performance.now();
      try {
        const res = await post(body);
        const json = JSON.parse(res.text) as { errors?: { message: string }[] };
        if (res.status !== 200 || json.errors) {
          errors++;
          firstError ??= json.errors?.[0]?.message ?? `HTTP ${res.status}`;
        }
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
      latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => Number((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN).toFixed(2));
  agent.destroy();
  console.log(JSON.stringify({ requests: latencies.length, errors, firstError, rps: Number((latencies.length / seconds).toFixed(1)), p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1) }));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
