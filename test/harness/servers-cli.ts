// npm run servers:up   starts the harness servers and leaves them running; writes .servers.json
// npm run servers:down stops what servers:up started (pids from .servers.json) and removes its files

import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serversInfo, startServers, type ServersInfo } from './servers.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { isAlive, stopPid } from './servers-process.ts';

export const SERVERS_JSON = join(REPO_ROOT, '.servers.json');

const COMMAND_MARKERS: Readonly<Record<string, string>> = {
  'kube-apiserver': 'kube-apiserver',
  etcd: 'etcd',
  moto: 'moto_server',
};

/** True if `pid` runs the server `name` (a pid can be reused after a reboot or a crash). */
async function isOurServer(name: string, pid: number): Promise<boolean> {
  if (!isAlive(pid)) return false;
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return commandLine.includes(COMMAND_MARKERS[name] ?? name);
}

async function readServersJson(): Promise<ServersInfo | undefined> {
  if (!existsSync(SERVERS_JSON)) return undefined;
  return JSON.parse(await readFile(SERVERS_JSON, 'utf8')) as ServersInfo;
}

async function up(): Promise<void> {
  const previous = await readServersJson();
  const running = previous === undefined ? [] : await Promise.all(Object.entries(previous.pids).map(([name, pid]) => isOurServer(name, pid)));
  if (running.includes(true)) {
    console.log(`servers already up (${SERVERS_JSON}); run \`npm run servers:down\` first to restart them`);
    return;
  }
  const servers = await startServers({ detached: true, log: (line) => console.log(line) });
  const info = serversInfo(servers);
  await writeFile(SERVERS_JSON, `${JSON.stringify(info, null, 2)}\n`);
  console.log(`servers up in ${(servers.timings.totalMs / 1000).toFixed(1)} s; details in ${SERVERS_JSON}`);
  console.log(`  kubectl --kubeconfig ${info.adminKubeconfig} get ns`);
}

async function down(): Promise<void> {
  const info = await readServersJson();
  if (info === undefined) {
    console.log(`no ${SERVERS_JSON}: nothing to stop`);
    return;
  }
  for (const [name, pid] of Object.entries(info.pids)) {
    if (!(await isOurServer(name, pid))) {
      console.log(`${name} (pid ${pid}) is not running`);
      continue;
    }
    await stopPid(pid);
    console.log(`stopped ${name} (pid ${pid})`);
  }
  await rm(info.workDir, { recursive: true, force: true });
  await rm(SERVERS_JSON, { force: true });
}

const command = process.argv[2];
if (command === 'up') await up();
else if (command === 'down') await down();
else {
  console.error('usage: servers-cli.ts up|down');
  process.exitCode = 2;
}
