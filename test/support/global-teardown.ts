import { existsSync, readFileSync, rmSync } from 'node:fs';
import { stopPid } from '../../src/store/neo4j/local-neo4j';
import { STATE_FILE } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  if (!existsSync(STATE_FILE)) return;
  const { pid, dataDir } = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { pid: number; dataDir: string };
  await stopPid(pid);
  rmSync(STATE_FILE, { force: true });
  rmSync(dataDir, { recursive: true, force: true });
}
