// The harness leaves no server behind: not after stop(), not when the process that started the
// servers is terminated, not even when it is killed outright (SIGKILL runs no handler; the
// watchdog notices its pipe close). A killed process cannot remove its work directory: the next
// startServers() does, once the owner is gone. Each case starts its own etcd + kube-apiserver (no moto).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { removeStaleWorkDirs, startServers } from '../harness/servers.ts';
import { liveGroupMembers } from '../harness/servers-process.ts';

const SERVERS_MODULE = join(import.meta.dirname, '..', 'harness', 'servers.ts');

/** True while any process (not a zombie) is left in the process group led by `pgid`. */
function groupAlive(pgid: number): boolean {
  return liveGroupMembers(pgid).length > 0;
}

async function waitForGroupsToExit(pgids: readonly number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!pgids.some(groupAlive)) return [];
    await sleep(100);
  }
  return pgids.filter(groupAlive);
}

/** Starts servers in a child Node process and resolves with their process groups once ready. */
function startInChild(): Promise<{ child: ReturnType<typeof spawn>; pgids: number[]; workDir: string }> {
  const script = [
    `import { startServers } from ${JSON.stringify(SERVERS_MODULE)};`,
    'const servers = await startServers({ moto: false, onboardingRbac: false });',
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

describe('harness clean-up', () => {
  it('stop() ends every server and removes the work directory', async () => {
    const servers = await startServers({ moto: false, onboardingRbac: false });
    const pgids = Object.values(servers.pids);
    expect(pgids.every(groupAlive)).toBe(true);
    await servers.stop();
    expect(pgids.filter(groupAlive)).toEqual([]);
    expect(existsSync(servers.workDir)).toBe(false);
  });

  it.each(['SIGTERM', 'SIGKILL'] as const)(
    'a %s to the starting process leaves no server running, and the next start removes its work directory',
    async (signal) => {
      // Prepare
      const { child, pgids, workDir } = await startInChild();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      expect(pgids.every(groupAlive)).toBe(true);
      expect(existsSync(workDir)).toBe(true);

      // Act
      child.kill(signal);
      await exited;
      const leftRunning = await waitForGroupsToExit(pgids, 15_000);
      await removeStaleWorkDirs();

      // Assess
      expect(leftRunning).toEqual([]);
      expect(existsSync(workDir)).toBe(false);
    },
  );
});
