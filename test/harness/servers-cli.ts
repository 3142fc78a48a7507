// npm run servers:up   starts the harness servers and leaves them running; writes .servers.json
//   npm run servers:up -- --kubernetes 1.24   the same with kube-apiserver v1.24.17 (PodSecurityPolicy
//   served and its admission on; built first if needed, ~6 min cold). One set at a time.
// npm run servers:down stops what servers:up started (pids from .servers.json) and removes its files

import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serversInfo, startServers, type ServersInfo } from './servers.ts';
import { isKubernetesRelease, KUBERNETES_RELEASES, type KubernetesRelease } from './kube/kubernetes-releases.ts';
import { ensureKube124Binaries } from './kube-1.24/ensure-binaries.ts';
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

async function up(kubernetes: KubernetesRelease): Promise<void> {
  const previous = await readServersJson();
  const running = previous === undefined ? [] : await Promise.all(Object.entries(previous.pids).map(([name, pid]) => isOurServer(name, pid)));
  if (running.includes(true)) {
    console.log(`servers already up (${SERVERS_JSON}); run \`npm run servers:down\` first to restart them`);
    return;
  }
  if (kubernetes === '1.24') {
    console.log('checking the Kubernetes 1.24 binaries (a cold build takes about 6 minutes)');
    const binaries = await ensureKube124Binaries();
    if (binaries.output !== '') console.log(binaries.output);
  }
  const servers = await startServers({ kubernetes, detached: true, log: (line) => console.log(line) });
  const info = serversInfo(servers);
  await writeFile(SERVERS_JSON, `${JSON.stringify(info, null, 2)}\n`);
  console.log(`servers up (Kubernetes ${info.kubernetesVersion}) in ${(servers.timings.totalMs / 1000).toFixed(1)} s; details in ${SERVERS_JSON}`);
  console.log(`  kubectl --kubeconfig ${info.adminKubeconfig} get ns`);
  if (kubernetes === '1.24') {
    console.log('  PodSecurityPolicy admission is on and no PSP exists: every pod is refused until one does');
    console.log('  (a permissive, non-mutating one: PRIVILEGED_PSP in test/integration-v124/support/pod-security-policies.ts)');
  }
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

const USAGE = `usage: servers-cli.ts up [--kubernetes ${KUBERNETES_RELEASES.join('|')}] | down`;
function parseCommand(): { command: 'up'; kubernetes: KubernetesRelease } | { command: 'down' } | undefined {
  try {
    const { values, positionals } = parseArgs({ options: { kubernetes: { type: 'string', default: 'current' } }, allowPositionals: true });
    const [command, ...extra] = positionals;
    if (extra.length > 0) return undefined;
    if (command === 'up' && isKubernetesRelease(values.kubernetes)) return { command, kubernetes: values.kubernetes };
    if (command === 'down' && values.kubernetes === 'current') return { command };
    return undefined;
  } catch {
    return undefined; // an unknown option
  }
}

const parsed = parseCommand();
if (parsed?.command === 'up') await up(parsed.kubernetes);
else if (parsed?.command === 'down') await down();
else {
  console.error(USAGE);
  process.exitCode = 2;
}
