// The 1.24 servers leave nothing behind either, under the same watchdog as the current release
// (test/integration/harness-cleanup.test.ts): not after stop(), not when the process that started
// them is killed outright; the next start removes the killed run's work directory.

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupAlive, startServersInChild, waitForGroupsToExit } from '../harness/harness-cleanup-support.ts';
import { ensureKube124Binaries } from '../harness/kube-1.24/ensure-binaries.ts';
import { removeStaleWorkDirs } from '../harness/servers.ts';
import { beforeAllOrFailEach } from './support/before-all-or-fail-each.ts';
import { startKube124Servers } from './support/servers-1.24.ts';

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
    const { child, pgids, workDir } = await startServersInChild({ kubernetes: '1.24', moto: false, onboardingRbac: false });
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
