// ObjectStorage over a local folder, with the guarantees S3's conditional writes give:
// - create: the bytes go to a temporary file in the target's folder (fsynced), which is then
//   link(2)ed to the name: link fails when the name exists, where rename would replace it, so a
//   file is never overwritten and never seen half-written. Snapshots are made read-only (0444).
// - replace (the pointer): under a lock file (folder-lock.ts), the current file's SHA-256 is
//   compared with the etag the caller read; only if equal is a fsynced temporary renamed over it.
// - the folder is fsynced after each name change, so a crash cannot lose a name the protocol
//   already relied on.
// Etags are the SHA-256 of the file's bytes. Node's errors become SnapshotStoreError.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { sha256Hex } from './snapshot-digest.ts';
import { withFileLock, type LockOwner } from './folder-lock.ts';
import type { ObjectRole, ObjectStorage, StoredObject } from './object-storage.ts';
import { SnapshotStoreError, type StoreErrorKind } from './snapshot-store-error.ts';

export interface FolderStorageOptions {
  readonly root: string;
  /** Who takes the pointer lock; without one the store is read-only (verify needs none). */
  readonly lockOwner?: LockOwner;
  /** How long a pointer write waits for a live lock holder (default 30 s). */
  readonly lockTimeoutMs?: number;
}

/** Our own temporary and lock files, never keys. */
function isWorkFile(name: string): boolean {
  return name.startsWith('.') || name.endsWith('.lock') || name.endsWith('.break') || name.endsWith('.tmp');
}

function errorKind(error: unknown): StoreErrorKind {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'denied';
    case 'ENOTDIR':
    case 'EISDIR':
    case 'ENAMETOOLONG':
      return 'rejected';
    default:
      // ENOSPC, EIO, EDQUOT, EMFILE, ...: the disk or the system, not the request.
      return 'unavailable';
  }
}

export class FolderObjectStorage implements ObjectStorage {
  readonly location: string;
  readonly #root: string;
  readonly #owner: LockOwner | undefined;
  readonly #lockTimeoutMs: number | undefined;

  constructor(options: FolderStorageOptions) {
    this.#root = options.root;
    this.location = options.root.endsWith(sep) ? options.root : `${options.root}${sep}`;
    this.#owner = options.lockOwner;
    this.#lockTimeoutMs = options.lockTimeoutMs;
  }

  locate(key: string): string {
    return this.#path(key);
  }

  async probe(): Promise<void> {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(this.#root)).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new SnapshotStoreError('not-found', this.location, 'no such folder', error);
      throw this.#error(error, this.location, 'cannot be read');
    }
    if (!isDirectory) throw new SnapshotStoreError('rejected', this.location, 'not a folder');
  }

  async get(key: string): Promise<StoredObject | undefined> {
    const path = this.#path(key);
    try {
      const bytes = new Uint8Array(await readFile(path));
      return { bytes, etag: sha256Hex(bytes) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw this.#error(error, path, 'cannot be read');
    }
  }

  async create(key: string, bytes: Uint8Array, role: ObjectRole): Promise<'created' | 'exists'> {
    const path = this.#path(key);
    try {
      await mkdir(dirname(path), { recursive: true });
      const temporary = await this.#writeTemporary(path, bytes, role === 'snapshot' ? 0o444 : 0o644);
      try {
        await link(temporary, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
        throw error;
      } finally {
        await unlink(temporary);
      }
      await this.#syncFolder(dirname(path));
      return 'created';
    } catch (error) {
      throw this.#error(error, path, 'cannot be written');
    }
  }

  async replace(key: string, bytes: Uint8Array, etag: string | undefined): Promise<'replaced' | 'conflict'> {
    const path = this.#path(key);
    const owner = this.#owner;
    if (owner === undefined) throw new SnapshotStoreError('rejected', path, 'the store was opened read-only (no lock owner)');
    try {
      await mkdir(dirname(path), { recursive: true });
      const options = { owner, ...(this.#lockTimeoutMs === undefined ? {} : { timeoutMs: this.#lockTimeoutMs }) };
      return await withFileLock(`${path}.lock`, options, async () => {
        const current = await this.get(key);
        if (current?.etag !== etag) return 'conflict';
        const temporary = await this.#writeTemporary(path, bytes, 0o644);
        try {
          await rename(temporary, path);
        } catch (error) {
          await unlink(temporary).catch(() => {});
          throw error;
        }
        await this.#syncFolder(dirname(path));
        return 'replaced';
      });
    } catch (error) {
      throw this.#error(error, path, 'cannot be replaced');
    }
  }

  async remove(key: string): Promise<void> {
    const path = this.#path(key);
    try {
      await unlink(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw this.#error(error, path, 'cannot be removed');
    }
  }

  async list(prefix: string): Promise<string[]> {
    if (!prefix.endsWith('/')) throw new Error(`folder stores list folders only: ${prefix}`);
    const folder = this.#path(prefix.slice(0, -1));
    let entries;
    try {
      entries = await readdir(folder, { recursive: true, withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw this.#error(error, folder, 'cannot be listed');
    }
    return entries
      .filter((entry) => entry.isFile() && !isWorkFile(entry.name))
      .map((entry) => `${prefix}${join(entry.parentPath, entry.name).slice(folder.length + 1).split(sep).join('/')}`);
  }

  #path(key: string): string {
    const segments = key.split('/');
    // Keys come from snapshot-keys.ts (escaped partition values); refuse anything that could leave the root.
    if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes(sep) || s.includes('\0'))) {
      throw new SnapshotStoreError('rejected', key, 'not a store key');
    }
    return join(this.#root, ...segments);
  }

  async #writeTemporary(path: string, bytes: Uint8Array, mode: number): Promise<string> {
    const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.chmod(mode);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(temporary).catch(() => {});
      throw error;
    }
    await handle.close();
    return temporary;
  }

  async #syncFolder(folder: string): Promise<void> {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  #error(error: unknown, location: string, what: string): SnapshotStoreError {
    if (error instanceof SnapshotStoreError) return error;
    const message = (error as Error).message ?? String(error);
    return new SnapshotStoreError(errorKind(error), location, `${what}: ${message}`, error);
  }
}
