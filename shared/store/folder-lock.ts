// A lock file for the folder store's pointer: created whole by link(2) from a temporary file (fails
// when the name exists, as O_EXCL does, but never leaves an empty lock for a reader to misjudge),
// holding {pid, host, nonce, since}. Released by its holder; a lock whose holder is dead (same host,
// no such pid) is broken, and breaking is safe against other breakers and new holders:
//
//   a breaker that judged the lock with nonce N stale first creates `<lock>.<N>.break` (link again:
//   one breaker per N), then re-reads the lock and removes it only if it still holds N. Only a
//   holder of the N guard removes lock N, and N's own holder is dead, so between that re-read and
//   the unlink nobody else can have replaced it. A guard whose breaker died is itself a stale lock,
//   broken the same way (recursively).
//
// A lock from another host is never judged stale (its pid means nothing here): after the wait the
// error names the file and its holder. A pid reused by a new process keeps a dead holder's lock
// alive until the wait ends, which is safe: nothing is ever broken wrongly.
import { randomBytes } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { SnapshotStoreError } from './snapshot-store-error.ts';

export interface LockOwner {
  /** This process's id, recorded in the lock. */
  readonly pid: number;
  /** This machine's name (os.hostname()). */
  readonly host: string;
  /** Whether a process with this id runs on this host. */
  isAlive(pid: number): boolean;
}

/**
 * A LockOwner for the running Node process. The edge (the CLI entry) hands in `process` and
 * `os.hostname()`: shared/ reads no process globals itself.
 */
export function processLockOwner(proc: { readonly pid: number; kill(pid: number, signal: number): boolean }, host: string): LockOwner {
  return {
    pid: proc.pid,
    host,
    isAlive(pid: number): boolean {
      try {
        proc.kill(pid, 0); // signal 0: only asks whether the process exists (kill(2))
        return true;
      } catch (error) {
        // EPERM: it exists, under another user.
        return (error as NodeJS.ErrnoException).code === 'EPERM';
      }
    },
  };
}

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly nonce: string;
  readonly since: string;
}

export interface FileLockOptions {
  readonly owner: LockOwner;
  /** How long to wait for a live holder (default 30 s). */
  readonly timeoutMs?: number;
}

const MAX_GUARD_DEPTH = 8;

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function removeIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

/** Creates `path` holding `holder`, or returns false when it exists. */
async function tryCreate(path: string, holder: Holder): Promise<boolean> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(holder)}\n`, { flag: 'wx' });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await removeIfPresent(temporary);
  }
}

async function readHolder(path: string): Promise<Holder | 'gone' | 'unknown'> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const value = JSON.parse(content) as Partial<Holder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.nonce === 'string' && typeof value.since === 'string') {
      return { pid: value.pid, host: value.host, nonce: value.nonce, since: value.since };
    }
  } catch {
    // Not ours: never judged stale.
  }
  return 'unknown';
}

function holderFor(owner: LockOwner): Holder {
  return { pid: owner.pid, host: owner.host, nonce: randomBytes(12).toString('hex'), since: new Date().toISOString() };
}

/** Removes the lock at `path` if its holder is dead; true when the lock is gone (retry at once). */
async function breakIfStale(path: string, owner: LockOwner, depth: number): Promise<boolean> {
  const holder = await readHolder(path);
  if (holder === 'gone') return true;
  if (holder === 'unknown' || holder.host !== owner.host || owner.isAlive(holder.pid) || depth >= MAX_GUARD_DEPTH) return false;
  const guard = `${path}.${holder.nonce}.break`;
  if (!(await tryCreate(guard, holderFor(owner)))) {
    // Another breaker is at it, or died at it: its guard is a lock like any other.
    await breakIfStale(guard, owner, depth + 1);
    return false;
  }
  try {
    const again = await readHolder(path);
    if (again !== 'gone' && again !== 'unknown' && again.nonce === holder.nonce) await removeIfPresent(path);
    return true;
  } finally {
    await removeIfPresent(guard);
  }
}

/** Runs `work` holding the lock file `path`. */
export async function withFileLock<T>(path: string, options: FileLockOptions, work: () => Promise<T>): Promise<T> {
  const holder = holderFor(options.owner);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let delay = 1;
  while (!(await tryCreate(path, holder))) {
    if (await breakIfStale(path, options.owner, 0)) continue;
    if (Date.now() > deadline) {
      const current = await readHolder(path);
      const who = typeof current === 'object' ? `pid ${current.pid} on ${current.host} since ${current.since}` : 'an unknown holder';
      throw new SnapshotStoreError('busy', path, `the lock is held by ${who}; remove the file if no psa-scan is using this store`);
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
  try {
    return await work();
  } finally {
    const current = await readHolder(path);
    if (typeof current === 'object' && current.nonce === holder.nonce) await removeIfPresent(path);
  }
}
