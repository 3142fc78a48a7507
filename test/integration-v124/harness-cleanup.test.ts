// The 1.24 servers leave nothing behind either, under the same watchdog as the current release
// (test/integration/harness-cleanup.test.ts): not after stop(), not when the process that started
// them is killed outright; the next start removes the killed run's work directory.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ensureKube124Binaries } from '../harness/kube-1.24/ensure-binaries.ts';
import { removeStaleWorkDirs } from '../harness/servers.ts';
import { liveGroupMembers } from '../harness/servers-process.ts';
import { beforeAllOrFailEach } from './support/before-all-or-fail-each.ts';
import { startKube124Servers } from './support/servers-1.24.ts';

const SERVERS_MODULE = join(import.meta.dirname, '..', 'harness', 'servers.ts');

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

/** Starts 1.24 servers in a child Node process and resolves with their process groups once ready. */
function startInChild(): Promise<{ child: ReturnType<typeof spawn>; pgids: number[]; workDir: string }> {
  const script = [
    `import { startServers } from ${JSON.stringify(SERVERS_MODULE)};`,
    "const servers = await startServers({ kubernetes: '1.24', moto: false, onboardingRbac: false });",
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

beforeAllOrFailEach(async () => {
  await ensureKube124Binaries();
});

describe('1.24 harness clean-up', () => {
  it('stop() ends every server and removes the work directory', async () => {
    const servers = await startKube124Servers({ onboardingRbac: false });
    const pgids = Object.values(servers.pids);
    expect(pgids.every(groupAlive)).toBe(true);
    await servers.stop();
    expect(pgids.filter(groupAlive)).toEqual([]);
    expect(existsSync(servers.workDir)).toBe(false);
  });

  it('a SIGKILL to the starting process leaves no server running, and the next start removes its work directory', async () => {
    // Prepare
    const { child, pgids, workDir } = await startInChild();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    expect(pgids.every(groupAlive)).toBe(true);

    // Act
    child.kill('SIGKILL');
    await exited;
    const leftRunning = await waitForGroupsToExit(pgids, 15_000);
    await removeStaleWorkDirs();

    // Assess
    expect(leftRunning).toEqual([]);
    expect(existsSync(workDir)).toBe(false);
  });
});
