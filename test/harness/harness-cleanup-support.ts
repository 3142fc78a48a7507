// What the harness clean-up tests (test/integration and test/integration-v124) share: whether a
// server's process group is still alive, and servers started by a child Node process that the test
// can then terminate or kill.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StartServersOptions } from './servers.ts';
import { liveGroupMembers } from './servers-process.ts';

const SERVERS_MODULE = join(import.meta.dirname, 'servers.ts');

/** True while any process (not a zombie) is left in the process group led by `pgid`. */
export function groupAlive(pgid: number): boolean {
  return liveGroupMembers(pgid).length > 0;
}

/** The groups still alive after `timeoutMs`; [] as soon as all have exited. */
export async function waitForGroupsToExit(pgids: readonly number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!pgids.some(groupAlive)) return [];
    await sleep(100);
  }
  return pgids.filter(groupAlive);
}

/** The options a child can be given as JSON. */
export type ChildServersOptions = Pick<StartServersOptions, 'kubernetes' | 'moto' | 'onboardingRbac'>;

/** Starts servers in a child Node process and resolves with their process groups once ready. */
export function startServersInChild(options: ChildServersOptions): Promise<{ child: ReturnType<typeof spawn>; pgids: number[]; workDir: string }> {
  const script = [
    `import { startServers } from ${JSON.stringify(SERVERS_MODULE)};`,
    `const servers = await startServers(${JSON.stringify(options)});`,
    'console.log(JSON.stringify({ pgids: Object.values(servers.pids), workDir: servers.workDir }));',
    'setInterval(() => {}, 60_000);',
  ].join('\n');
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line !== undefined) resolve({ child, ...(JSON.parse(line) as { pgids: number[]; workDir: string }) });
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before the servers were ready: ${out}`)));
  });
}
