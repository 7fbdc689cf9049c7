/**
 * The container path without a container engine: the files the Dockerfile copies are staged into an
 * /app-like folder, the build stage's `npm run build` compiles dist/, and the Dockerfile's CMD runs there
 * with exactly the environment of the Dockerfile's ENV plus compose's `service` environment (NEO4J_URI
 * and PORT pointed at the test Neo4j and a free port). Then the Dockerfile's HEALTHCHECK and compose's
 * Neo4j healthcheck run as written (the latter through a stand-in `cypher-shell` that logs in to the
 * test Neo4j with the user and password it is given). What this cannot show (the image builds, runs as
 * `node`, the neo4j image's own cypher-shell) is checked statically or left to `docker compose up`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  composeEnvironment,
  composeFile,
  dockerfileStages,
  interpolate,
  ROOT,
  type Stage,
} from '../support/container-spec';
import { freePort } from '../support/free-port';

const MODEL = join(ROOT, '.cache', 'models', 'all-MiniLM-L6-v2');

/** The image's /app: the build stage compiled (npm run build), then the final stage's COPY lines. */
function stageImage(stages: Stage[], dir: string): string {
  const byName = new Map(stages.filter((s) => s.name).map((s) => [s.name!, s]));
  const built = new Map<string, string>();
  const buildStage = (stage: Stage): string => {
    const existing = built.get(stage.name!);
    if (existing) return existing;
    const root = join(dir, stage.name!);
    mkdirSync(root, { recursive: true });
    for (const c of stage.copies)
      for (const s of c.sources) cpSync(join(ROOT, s), join(root, c.dest === './' ? s : c.dest), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules')); // npm ci here: the repository's (a superset)
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    // WITH_MODEL=true provisions the default model into models/; the repository's copy stands in for it.
    mkdirSync(join(root, 'models'), { recursive: true });
    if (existsSync(join(MODEL, 'model.safetensors'))) symlinkSync(MODEL, join(root, 'models', 'all-MiniLM-L6-v2'));
    built.set(stage.name!, root);
    return root;
  };
  const final = stages[stages.length - 1]!;
  const app = join(dir, 'app');
  mkdirSync(app, { recursive: true });
  for (const c of final.copies) {
    for (const s of c.sources) {
      if (c.from) {
        const from = byName.get(c.from);
        if (!from) throw new Error(`COPY --from=${c.from}: no such stage`);
        cpSync(join(buildStage(from), s.replace(/^\/app\/?/, '')), join(app, c.dest), {
          recursive: true,
          verbatimSymlinks: true,
        });
      } else cpSync(join(ROOT, s), join(app, c.dest === './' ? s : c.dest), { recursive: true });
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules')); // npm ci --omit=dev: a superset here
  mkdirSync(join(app, '.cache'), { recursive: true });
  return app;
}

interface Running {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function run(cmd: string[], cwd: string, env: Record<string, string>): Running {
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines: string[] = [];
  let partial = '';
  const collect = (d: Buffer): void => {
    const parts = (partial + d.toString('utf8')).split('\n');
    partial = parts.pop()!;
    lines.push(...parts.filter(Boolean));
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, lines, exited };
}

const parsed = (r: Running): Record<string, unknown>[] => r.lines.map((l) => JSON.parse(l) as Record<string, unknown>);

async function until(check: () => boolean, r: Running, what: string): Promise<void> {
  let exited = false;
  void r.exited.then(() => (exited = true));
  while (!check()) {
    if (exited) throw new Error(`the service exited before ${what}:\n${r.lines.slice(-10).join('\n')}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

function stop(r: Running): void {
  try {
    process.kill(-r.child.pid!, 'SIGKILL');
  } catch {
    /* gone */
  }
}

describe('the container path, run as the Dockerfile and compose describe it', () => {
  const stages = dockerfileStages();
  const final = stages[stages.length - 1]!;
  const compose = composeFile();
  const neo4j = { uri: process.env.NEO4J_URI!, password: process.env.NEO4J_PASSWORD! };
  const apiKey = randomBytes(16).toString('hex');
  const userVars = { NEO4J_PASSWORD: neo4j.password, API_KEYS: `${apiKey}:admin`, SEED_DEMO: 'false' }; // what .env would hold
  let dir: string;
  let app: string;

  /** The container's environment: the image's ENV, then compose's, with /app being the staged folder. */
  const containerEnv = (composeEnv: Record<string, string>, port: number): Record<string, string> => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: app };
    for (const [k, v] of Object.entries({ ...final.env, ...composeEnv })) env[k] = v.replace(/^\/app(?=\/|$)/, app);
    return { ...env, NEO4J_URI: neo4j.uri, PORT: String(port) }; // bolt://neo4j:7687 and 4000 in compose
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'socialrec-container-'));
    app = stageImage(stages, dir); // runs `npm run build` (tsc): slow on a busy machine
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the files: compiled JavaScript run as the user node under an init process, nothing secret in the build context', () => {
    expect(final.user).toBe('node');
    expect(final.cmd).toEqual(['node', '--enable-source-maps', 'dist/main.js']);
    expect(final.env.NODE_ENV).toBe('production');
    for (const folder of ['schema', 'cypher', 'config', 'explorer', 'dist'])
      expect(existsSync(join(app, folder))).toBe(true);
    expect(compose.services.service!.init).toBe(true);
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const path of ['node_modules', '.env', 'data', '.git']) expect(ignored).toContain(path);
  });

  test('compose refuses to start without a Neo4j password and API keys, and says what to set', () => {
    const service = compose.services.service!;
    expect(() => composeEnvironment(service, { ...userVars, API_KEYS: '' })).toThrow(/API_KEYS.*\.env/);
    expect(() => composeEnvironment(compose.services.neo4j!, {})).toThrow(/NEO4J_PASSWORD \(8\+ characters\)/);
  });

  test("compose's Neo4j healthcheck logs in with the password held in NEO4J_AUTH, the only one that container has", () => {
    const neo4jEnv = composeEnvironment(compose.services.neo4j!, userVars);
    expect(neo4jEnv.NEO4J_AUTH).toBe(`neo4j/${neo4j.password}`);
    const test = compose.services.neo4j!.healthcheck!.test as string[];
    expect(test[0]).toBe('CMD-SHELL');
    const command = interpolate(test[1]!, userVars);
    // A stand-in for the image's cypher-shell: -u/-p, NEO4J_PASSWORD or NEO4J_USERNAME as cypher-shell reads them.
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const fake = join(bin, 'cypher-shell');
    writeFileSync(
      fake,
      `#!${process.execPath}
const neo4j = require(${JSON.stringify(join(ROOT, 'node_modules', 'neo4j-driver'))});
const a = process.argv.slice(2); const opt = (s, l) => { const i = a.findIndex((x) => x === s || x === l); return i >= 0 ? a[i + 1] : undefined; };
const user = opt('-u', '--username') ?? process.env.NEO4J_USERNAME ?? 'neo4j';
const password = opt('-p', '--password') ?? process.env.NEO4J_PASSWORD ?? '';
const query = a.filter((x, i) => !x.startsWith('-') && !['-u', '--username', '-p', '--password', '-a', '--address'].includes(a[i - 1])).pop();
const driver = neo4j.driver(process.env.STAND_IN_BOLT_URI, neo4j.auth.basic(user, password));
driver.executeQuery(query).then(() => driver.close().then(() => process.exit(0)), (e) => { console.error(e.message); driver.close().then(() => process.exit(1)); });
`,
    );
    chmodSync(fake, 0o755);
    const inNeo4jContainer = (auth: string) =>
      spawnSync('/bin/sh', ['-c', command], {
        env: { PATH: `${bin}:${process.env.PATH}`, NEO4J_AUTH: auth, STAND_IN_BOLT_URI: neo4j.uri },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const ok = inNeo4jContainer(neo4jEnv.NEO4J_AUTH!);
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
    expect(inNeo4jContainer('neo4j/not-the-password').status).not.toBe(0);
  });

  test('the compiled service starts with that environment: JSON logs, keys required, healthcheck, metrics, explorer, SIGTERM', async () => {
    const port = await freePort();
    const env = containerEnv(composeEnvironment(compose.services.service!, userVars), port);
    const svc = run(final.cmd!, app, env);
    try {
      await until(() => svc.lines.some((l) => l.includes('"msg":"service ready"')), svc, 'service ready');
      const url = `http://127.0.0.1:${port}`;
      const health = spawnSync(final.healthcheck![0]!, final.healthcheck!.slice(1), {
        env,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(health.status).toBe(0);

      const query = { query: 'query Probe { user(id: "nobody") { id } }' };
      const post = (headers: Record<string, string>) =>
        fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(query),
        });
      expect((await post({})).status).toBe(401);
      const answer = await post({ 'x-api-key': apiKey, 'x-request-id': 'container-probe-1' });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ data: { user: null } });
      expect((await fetch(`${url}/explorer`)).status).toBe(200);
      const metrics = await (await fetch(`${url}/metrics`, { headers: { 'x-api-key': apiKey } })).text();
      for (const name of [
        'process_cpu_user_seconds_total',
        'nodejs_eventloop_lag_seconds',
        'nodejs_heap_size_used_bytes',
        'graphql_request_duration_seconds_bucket',
      ])
        expect(metrics).toContain(name);

      await until(() => parsed(svc).some((l) => l.requestId === 'container-probe-1'), svc, 'the request line');
      expect(parsed(svc).find((l) => l.requestId === 'container-probe-1')).toMatchObject({
        level: 'info',
        msg: 'request',
        method: 'POST',
        path: '/graphql',
        status: 200,
        operation: 'user',
        operationName: 'Probe',
        ms: expect.any(Number),
      });

      svc.child.kill('SIGTERM');
      expect(await svc.exited).toBe(0);
      const lines = parsed(svc); // every line is JSON (parsed throws otherwise)
      expect(lines.some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM')).toBe(true);
      expect(svc.lines.join('\n')).not.toContain('\u001b');
      expect(spawnSync(final.healthcheck![0]!, final.healthcheck!.slice(1), { env, timeout: 30_000 }).status).not.toBe(
        0,
      );
    } finally {
      stop(svc);
    }
  });

  test('run without API_KEYS (the image alone, NODE_ENV=production): the log says why every request is refused', async () => {
    const port = await freePort();
    const env = containerEnv({ NEO4J_PASSWORD: neo4j.password, SEED_DEMO: 'false' }, port);
    const svc = run(final.cmd!, app, env);
    try {
      await until(() => svc.lines.some((l) => l.includes('"msg":"service ready"')), svc, 'service ready');
      expect(parsed(svc).find((l) => /API_KEYS is empty/.test(String(l.msg)))).toMatchObject({ level: 'error' });
      expect((await fetch(`http://127.0.0.1:${port}/graphql?query=%7B__typename%7D`)).status).toBe(401);
      svc.child.kill('SIGTERM');
      expect(await svc.exited).toBe(0);
    } finally {
      stop(svc);
    }
  });
});
