/**
 * `npm run neo4j:build|start|stop`: the local embedded Neo4j as a background process with a pid file
 * (data under NEO4J_DATA_DIR, Bolt on NEO4J_BOLT_PORT).
 */
import { loadConfig } from '../config/config';
import { ensureBuilt, readPid, removePid, startLocalNeo4j, stopPid, writePid } from '../store/neo4j/local-neo4j';
import { parseCli, runCli, UsageError } from './cli-args';

const USAGE = `usage: npm run neo4j:build | neo4j:start | neo4j:stop   (tsx src/cli/neo4j.ts build|start|stop)
  build   compile the launcher with Maven (first run downloads the Neo4j 5.26 jars)
  start   start the local Neo4j in the background (NEO4J_BOLT_PORT, data in NEO4J_DATA_DIR; output in <dir>/neo4j.out)
  stop    stop it
  -h, --help   this text`;

async function main(): Promise<void> {
  const { values, positionals } = parseCli(process.argv.slice(2), {}, USAGE, 1);
  if (values.help) return void console.log(USAGE);
  const command = positionals[0];
  if (command !== 'build' && command !== 'start' && command !== 'stop')
    throw new UsageError(
      'command',
      `the command must be build, start or stop (got ${JSON.stringify(command ?? '')})\n${USAGE}`,
      command,
    );
  const { neo4j } = loadConfig();
  const log = (l: string): void => console.log(l);
  if (command === 'build') {
    ensureBuilt(log);
    console.log('Local Neo4j launcher is built.');
  } else if (command === 'start') {
    const running = readPid(neo4j.dataDir);
    if (running !== null) {
      console.log(`Local Neo4j already running (pid ${running}) on bolt://127.0.0.1:${neo4j.boltPort}`);
      return;
    }
    const handle = await startLocalNeo4j({ port: neo4j.boltPort, dataDir: neo4j.dataDir, detached: true, log });
    writePid(neo4j.dataDir, handle.pid);
    console.log(`Local Neo4j started (pid ${handle.pid}) at ${handle.uri}, data in ${neo4j.dataDir}`);
    console.log(`Use it with NEO4J_URI=${handle.uri}`);
  } else {
    const pid = readPid(neo4j.dataDir);
    if (pid === null) {
      console.log('Local Neo4j is not running.');
    } else {
      await stopPid(pid);
      console.log(`Local Neo4j (pid ${pid}) stopped.`);
    }
    removePid(neo4j.dataDir);
  }
}

runCli(main);
