import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pidFile } from '../../src/store/neo4j/local-neo4j';
import { freePort } from '../support/free-port';

/**
 * `npm start` with the embedded Neo4j: the service's output stays JSON (Neo4j's own output goes to
 * <dataDir>/neo4j.out), and when that Neo4j dies the service says so at error level and exits 1 for its
 * supervisor instead of answering UNAVAILABLE forever.
 */
describe('the embedded Neo4j dying', () => {
  test('is logged at error level and the service exits 1; every line of its output is JSON without ANSI bytes', async () => {
    const root = resolve(__dirname, '..', '..');
    const dir = mkdtempSync(join(tmpdir(), 'socialrec-neo4j-death-'));
    const dataDir = join(dir, 'neo4j');
    const [port, bolt] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NEO4J_BOLT_PORT: String(bolt),
      NEO4J_DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'development',
      EMBEDDING_KIND: 'hashing',
    };
    delete env.NEO4J_URI;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      while (!output.includes('"msg":"service ready"')) {
        if (child.exitCode !== null) throw new Error(`the service exited: ${output.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const neo4jPid = Number(readFileSync(pidFile(dataDir), 'utf8'));
      process.kill(neo4jPid, 'SIGKILL');
      expect(await exited).toBe(1);
      const lines = output
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.find((l) => String(l.msg).startsWith('the embedded Neo4j exited'))).toMatchObject({
        level: 'error',
      });
      expect(output).not.toContain('\u001b');
      expect(existsSync(join(dataDir, 'neo4j.out'))).toBe(true);
      expect(readFileSync(join(dataDir, 'neo4j.out'), 'utf8')).toContain(`READY bolt://127.0.0.1:${bolt}`);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
