// The harness leaves no server behind: not after stop(), not when the process that started the
// servers is terminated, not even when it is killed outright (SIGKILL runs no handler; the
// watchdog notices its pipe close). A killed process cannot remove its work directory: the next
// startServers() does, once the owner is gone. Each case starts its own etcd + kube-apiserver (no moto).

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupAlive, startServersInChild, waitForGroupsToExit } from '../harness/harness-cleanup-support.ts';
import { removeStaleWorkDirs, startServers } from '../harness/servers.ts';

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
      const { child, pgids, workDir } = await startServersInChild({ moto: false, onboardingRbac: false });
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
