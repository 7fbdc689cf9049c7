import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { alive, pidFile } from '../../src/store/neo4j/local-neo4j';
import { freePort } from '../support/free-port';

/** `npm start` as a newcomer runs it: embedded Neo4j, then SIGTERM drains, closes and stops that Neo4j. */
describe('graceful shutdown of the service with its embedded Neo4j', () => {
  test('SIGTERM exits 0 and stops the local Neo4j it started', async () => {
    const root = resolve(__dirname, '..', '..');
    const dir = mkdtempSync(join(tmpdir(), 'socialrec-shutdown-'));
    const dataDir = join(dir, 'neo4j');
    const [port, bolt] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NEO4J_BOLT_PORT: String(bolt),
      NEO4J_DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    };
    delete env.NEO4J_URI;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let logs = '';
    child.stderr.on('data', (d: Buffer) => (logs += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      let healthy = false;
      for (let i = 0; i < 240 && !healthy; i++) {
        healthy = await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (!healthy) await new Promise((r) => setTimeout(r, 500));
      }
      expect(healthy).toBe(true);
      const neo4jPid = Number(readFileSync(pidFile(dataDir), 'utf8'));
      expect(alive(neo4jPid)).toBe(true);
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<string>((r) => setTimeout(() => r('did not exit within 60 s'), 60_000)),
      ]);
      expect(code).toBe(0);
      expect(logs).toContain('stopping the local Neo4j');
      expect(existsSync(pidFile(dataDir))).toBe(false);
      expect(alive(neo4jPid)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
