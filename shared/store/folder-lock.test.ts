import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from './folder-lock.ts';
import { SnapshotStoreError } from './snapshot-store-error.ts';
import { THIS_PROCESS } from './store.test-support.ts';

/** The pid of a process that has exited (the kernel does not hand it out again this soon). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error('no pid');
  expect(THIS_PROCESS.isAlive(child.pid)).toBe(false);
  return child.pid;
}

function holder(pid: number, host = hostname(), nonce = 'n0'): string {
  return `${JSON.stringify({ pid, host, nonce, since: '2026-11-29T00:00:00.000Z' })}\n`;
}

/** Runs `workers` lock holders at once; returns the most that ever held it together. */
async function contend(lock: string, workers: number, timeoutMs = 10_000): Promise<number> {
  let inside = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: workers }, () =>
      withFileLock(lock, { owner: THIS_PROCESS, timeoutMs }, async () => {
        most = Math.max(most, ++inside);
        await sleep(2);
        inside--;
      }),
    ),
  );
  return most;
}

describe('the folder store lock', () => {
  let folder: string;
  let lock: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'psa-lock-'));
    lock = join(folder, 'latest.json.lock');
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('lets one holder in at a time and leaves nothing behind', async () => {
    expect(await contend(lock, 12)).toBe(1);
    expect(await readdir(folder)).toEqual([]);
  });

  it('breaks the lock of a dead process', async () => {
    await writeFile(lock, holder(await deadPid()));
    expect(await withFileLock(lock, { owner: THIS_PROCESS, timeoutMs: 1000 }, async () => 'ran')).toBe('ran');
    expect(await readdir(folder)).toEqual([]);
  });

  it('breaks it once when many want it at the same time, and still lets one in at a time', async () => {
    await writeFile(lock, holder(await deadPid()));
    expect(await contend(lock, 12)).toBe(1);
    expect(await readdir(folder)).toEqual([]);
  });

  it('breaks the guard of a breaker that died while breaking', async () => {
    const pid = await deadPid();
    await writeFile(lock, holder(pid, hostname(), 'stale'));
    await writeFile(`${lock}.stale.break`, holder(pid, hostname(), 'breaker'));
    expect(await contend(lock, 4)).toBe(1);
    expect(await readdir(folder)).toEqual([]);
  });

  it('never breaks a live holder: waits, then says who holds it', async () => {
    await writeFile(lock, holder(process.pid, hostname(), 'someone-else'));
    const error = await withFileLock(lock, { owner: THIS_PROCESS, timeoutMs: 150 }, async () => 'ran').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotStoreError);
    expect(error).toMatchObject({ kind: 'busy', location: lock });
    expect((error as Error).message).toContain(`held by pid ${process.pid} on ${hostname()}`);
  });

  it('never judges a lock from another host stale', async () => {
    await writeFile(lock, holder(await deadPid(), 'other-host'));
    await expect(withFileLock(lock, { owner: THIS_PROCESS, timeoutMs: 150 }, async () => 'ran')).rejects.toMatchObject({ kind: 'busy' });
  });

  it('never removes a lock file it cannot read as one of its own', async () => {
    await writeFile(lock, 'locked by hand\n');
    await expect(withFileLock(lock, { owner: THIS_PROCESS, timeoutMs: 150 }, async () => 'ran')).rejects.toMatchObject({ kind: 'busy' });
    expect(await readdir(folder)).toEqual(['latest.json.lock']);
  });

  it('releases the lock when the work fails', async () => {
    await expect(withFileLock(lock, { owner: THIS_PROCESS }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await readdir(folder)).toEqual([]);
  });
});
