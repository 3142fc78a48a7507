// The chain protocol, the same over S3 and a folder (an ObjectStorage each). One append:
//
//   1. read the cluster's pointer P (its etag E; none for a first snapshot). If it names a head H
//      whose final object is missing, roll H forward from its staged copy (step 5 of an append
//      that was interrupted), checking its SHA-256.
//   2. fill snapshot.previous = {H.key, H.sha256}; bytes B = snapshotJson; key K from startedAt
//      and SHA-256(B).
//   3. create staging/K (write-once).
//   4. replace the pointer with {K, SHA-256(B), count+1} only if it is still E (S3 `If-Match: E`,
//      `If-None-Match: *` for the first). Lost: someone else appended; drop staging/K unless the
//      pointer now names K (an identical retry won), re-read, re-chain (step 1), with jittered
//      backoff.
//   5. create snapshots/K (write-once; SSE-KMS, Object Lock retention), then remove staging/K.
//
// Why the chain never forks, never loses a snapshot and never points at nothing:
// - No fork: the pointer moves only from the version an appender read, to a snapshot whose
//   `previous` names that version's head. Pointer versions form a line, and so do the snapshots.
//   Pointer bytes never repeat (count grows), so a replaced version never comes back and a stale
//   conditional write can never succeed later.
// - Nothing under snapshots/ outside the chain: step 5 runs only for the key the pointer names
//   (by the winner, or by a roll-forward in step 1), so a lost race leaves at most a staging
//   object, never an orphan under Object Lock. A loser's staging/K is dead: K links to a pointer
//   version that is gone, so no pointer can ever name it; it is safe to remove.
// - No link to nothing: the pointer names K only after staging/K holds its bytes, and staging/K
//   is removed only after snapshots/K exists. Only the head can be staged-but-not-final: step 1
//   finalises the head before the conditional write that chains onto it (and that write fails if
//   the head changed meanwhile).
// - Crash windows: before step 4 the chain is unchanged (a staging leftover at most); between 4
//   and 5 the head is readable from staging, verify reports it as pending, and the next append
//   completes it; after 5 a staging leftover at most. A retried append of the scan that is already
//   the head (same document but `previous`) stores nothing and returns it.
// - Order: an append refuses a snapshot that finished before the head started (a delayed write
//   of an old scan): chained after a newer state, drift would report the old state as a change.
//   Concurrent scans overlap in time and chain in the order their pointer writes won.
//
// This relies on the store's conditional writes being atomic, as S3's are. moto 5.2.5 checks and
// writes without a lock (DESIGN.md), so under real concurrency two writes from one version can both
// succeed there: the chain stays a line but the loser's snapshot becomes an object outside it,
// which verify reports as unchained.
import { ExponentialBackoff, handleType, retry, type RetryPolicy } from 'cockatiel';
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import { clusterSnapshotSchema, type ClusterSnapshot } from '../snapshot/snapshot-schema.ts';
import { parseSnapshotJson, snapshotJson } from '../snapshot/snapshot-json.ts';
import type { ObjectStorage, StoredObject } from './object-storage.ts';
import { sha256Hex } from './snapshot-digest.ts';
import { clusterSnapshotsPrefix, parsePointerKey, pointerKey, POINTERS, SNAPSHOTS, snapshotKey, stagingKey, parseSnapshotKey } from './snapshot-keys.ts';
import { parsePointerJson, pointerJson, type ParsedPointer, type SnapshotPointer } from './snapshot-pointer.ts';
import { SnapshotStoreError } from './snapshot-store-error.ts';
import type { AppendResult, SnapshotStore, StoredSnapshot } from './snapshot-store.ts';
import type { ChainInspection } from './verify-chain.ts';

export interface ChainedStoreOptions {
  /** Pointer races an append may lose before it gives up with `conflict-exhausted` (default 64). */
  readonly maxRetries?: number;
  /** First backoff after a lost race, in ms (default 10; decorrelated jitter up to maxDelayMs). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** A pointer race lost: retried by the policy, never seen by callers. */
class LostRace extends Error {
  override readonly name = 'LostRace';
}

const utf8 = new TextEncoder();
const text = new TextDecoder('utf-8', { fatal: false });

function identityOf(snapshot: ClusterSnapshot): ClusterIdentity {
  const { account, region, name } = snapshot.cluster;
  return { account, region, name };
}

/** The same scan: identical documents but for the chain link the store fills. */
function sameScan(a: ClusterSnapshot, b: ClusterSnapshot): boolean {
  return snapshotJson({ ...a, previous: null }) === snapshotJson({ ...b, previous: null });
}

interface CurrentPointer {
  readonly pointer: SnapshotPointer;
  readonly etag: string;
}

export class ChainedSnapshotStore implements SnapshotStore, ChainInspection {
  readonly #storage: ObjectStorage;
  readonly #retry: RetryPolicy;
  readonly #maxRetries: number;

  constructor(storage: ObjectStorage, options: ChainedStoreOptions = {}) {
    this.#storage = storage;
    this.#maxRetries = options.maxRetries ?? 64;
    this.#retry = retry(handleType(LostRace), {
      maxAttempts: this.#maxRetries,
      backoff: new ExponentialBackoff({ initialDelay: options.initialDelayMs ?? 10, maxDelay: options.maxDelayMs ?? 500 }),
    });
  }

  get location(): string {
    return this.#storage.location;
  }

  locate(key: string): string {
    return this.#storage.locate(key);
  }

  async latest(cluster: ClusterIdentity): Promise<StoredSnapshot | undefined> {
    const current = await this.#current(cluster);
    return current === undefined ? undefined : this.#readHead(current.pointer);
  }

  async append(snapshot: ClusterSnapshot): Promise<AppendResult> {
    // Validated once, before anything is written: a document the schema refuses is a caller's bug.
    const document = clusterSnapshotSchema.parse(snapshot);
    const cluster = identityOf(document);
    try {
      return await this.#retry.execute(() => this.#attempt(document, cluster));
    } catch (error) {
      if (!(error instanceof LostRace)) throw error;
      throw new SnapshotStoreError(
        'conflict-exhausted',
        this.#storage.locate(pointerKey(cluster)),
        `lost the pointer to other appends ${this.#maxRetries + 1} times; nothing was chained`,
        error,
      );
    }
  }

  async read(key: string): Promise<StoredSnapshot> {
    const object = await this.#storage.get(key);
    if (object !== undefined) return this.#stored(key, object.bytes, undefined);
    // The head of an interrupted append is readable from staging until the next append finalises it.
    const cluster = parseSnapshotKey(key)?.cluster;
    const current = cluster === undefined ? undefined : await this.#current(cluster);
    if (current?.pointer.key === key) return this.#readHead(current.pointer);
    throw new SnapshotStoreError('not-found', this.#storage.locate(key), 'no such snapshot');
  }

  async clusters(): Promise<ClusterIdentity[]> {
    return this.pointerClusters();
  }

  async history(cluster: ClusterIdentity, limit = Number.POSITIVE_INFINITY): Promise<StoredSnapshot[]> {
    const current = await this.#current(cluster);
    if (current === undefined || limit < 1) return [];
    const chain = [await this.#readHead(current.pointer)];
    const seen = new Set([current.pointer.key]);
    for (let link = chain[0]?.snapshot.previous; link !== null && link !== undefined && chain.length < limit; link = chain.at(-1)?.snapshot.previous) {
      if (seen.has(link.key)) throw new SnapshotStoreError('corrupt', this.#storage.locate(link.key), 'the chain loops back to this snapshot');
      seen.add(link.key);
      const object = await this.#storage.get(link.key);
      if (object === undefined) {
        throw new SnapshotStoreError('corrupt', this.#storage.locate(link.key), `linked from ${chain.at(-1)?.key} but missing (run psa-scan verify)`);
      }
      chain.push(this.#stored(link.key, object.bytes, link.sha256));
    }
    return chain;
  }

  // ChainInspection: the raw view verify walks (it judges; these only read).

  async probe(): Promise<void> {
    await this.#storage.probe();
  }

  async pointerClusters(): Promise<ClusterIdentity[]> {
    const keys = await this.#storage.list(POINTERS);
    return keys.map(parsePointerKey).filter((c): c is ClusterIdentity => c !== undefined);
  }

  async snapshotKeys(cluster?: ClusterIdentity): Promise<string[]> {
    return this.#storage.list(cluster === undefined ? SNAPSHOTS : clusterSnapshotsPrefix(cluster));
  }

  async pointer(cluster: ClusterIdentity): Promise<ParsedPointer | undefined> {
    const object = await this.#storage.get(pointerKey(cluster));
    return object === undefined ? undefined : parsePointerJson(text.decode(object.bytes), cluster);
  }

  async bytes(key: string): Promise<Uint8Array | undefined> {
    return (await this.#storage.get(key))?.bytes;
  }

  async staged(key: string): Promise<Uint8Array | undefined> {
    return (await this.#storage.get(stagingKey(key)))?.bytes;
  }

  // The protocol.

  async #attempt(snapshot: ClusterSnapshot, cluster: ClusterIdentity): Promise<AppendResult> {
    const current = await this.#current(cluster);
    let head: StoredSnapshot | undefined;
    if (current !== undefined) {
      head = await this.#finalisedHead(current.pointer);
      if (sameScan(head.snapshot, snapshot)) return { stored: head, previous: await this.#predecessor(head), alreadyStored: true };
      if (Date.parse(current.pointer.startedAt) > Date.parse(snapshot.finishedAt)) {
        throw new SnapshotStoreError(
          'out-of-order',
          this.#storage.locate(pointerKey(cluster)),
          `the chain already ends with a scan that started at ${current.pointer.startedAt}, after this one finished (${snapshot.finishedAt}); not chained`,
        );
      }
    }
    const document: ClusterSnapshot = { ...snapshot, previous: head === undefined ? null : { key: head.key, sha256: head.sha256 } };
    const bytes = utf8.encode(snapshotJson(document));
    const sha256 = sha256Hex(bytes);
    const key = snapshotKey(cluster, snapshot.startedAt, sha256);
    const staging = stagingKey(key);

    if ((await this.#storage.create(staging, bytes, 'staging')) === 'exists') await this.#expectSha(staging, sha256);
    const next = pointerJson({ cluster, key, sha256, count: (current?.pointer.count ?? 0) + 1, startedAt: snapshot.startedAt, finishedAt: snapshot.finishedAt });
    const moved = await this.#storage.replace(pointerKey(cluster), utf8.encode(next), current?.etag, 'pointer');
    if (moved === 'conflict') {
      await this.#dropLosingStage(cluster, key);
      throw new LostRace(`the pointer of ${cluster.name} moved`);
    }
    await this.#finalise(key, bytes, sha256);
    await this.#removeQuietly(staging);
    return { stored: { key, sha256, bytes, snapshot: document }, previous: head, alreadyStored: false };
  }

  async #current(cluster: ClusterIdentity): Promise<CurrentPointer | undefined> {
    const key = pointerKey(cluster);
    const object = await this.#storage.get(key);
    if (object === undefined) return undefined;
    const parsed = parsePointerJson(text.decode(object.bytes), cluster);
    if (!parsed.ok) throw new SnapshotStoreError('corrupt', this.#storage.locate(key), `unreadable pointer: ${parsed.errors.join('; ')}`);
    return { pointer: parsed.pointer, etag: object.etag };
  }

  /** The head, read-only: the final object, or its staged copy while an append is interrupted. */
  async #readHead(pointer: SnapshotPointer): Promise<StoredSnapshot> {
    const object = (await this.#storage.get(pointer.key)) ?? (await this.#storage.get(stagingKey(pointer.key))) ?? (await this.#storage.get(pointer.key));
    if (object === undefined) throw this.#headMissing(pointer);
    return this.#stored(pointer.key, object.bytes, pointer.sha256);
  }

  /** The head with its final object in place: rolled forward from staging when an append stopped after its pointer write. */
  async #finalisedHead(pointer: SnapshotPointer): Promise<StoredSnapshot> {
    const final = await this.#storage.get(pointer.key);
    if (final !== undefined) return this.#stored(pointer.key, final.bytes, pointer.sha256);
    const staged = await this.#storage.get(stagingKey(pointer.key));
    if (staged === undefined) {
      // Finalised (and its staging removed) by its own appender since the first read?
      const again = await this.#storage.get(pointer.key);
      if (again === undefined) throw this.#headMissing(pointer);
      return this.#stored(pointer.key, again.bytes, pointer.sha256);
    }
    const head = this.#stored(stagingKey(pointer.key), staged.bytes, pointer.sha256);
    await this.#finalise(pointer.key, staged.bytes, pointer.sha256);
    await this.#removeQuietly(stagingKey(pointer.key));
    return { ...head, key: pointer.key };
  }

  async #finalise(key: string, bytes: Uint8Array, sha256: string): Promise<void> {
    if ((await this.#storage.create(key, bytes, 'snapshot')) === 'exists') await this.#expectSha(key, sha256);
  }

  async #predecessor(head: StoredSnapshot): Promise<StoredSnapshot | undefined> {
    const link = head.snapshot.previous;
    if (link === null) return undefined;
    const object = await this.#storage.get(link.key);
    if (object === undefined) throw new SnapshotStoreError('corrupt', this.#storage.locate(link.key), `linked from ${head.key} but missing (run psa-scan verify)`);
    return this.#stored(link.key, object.bytes, link.sha256);
  }

  /**
   * After a lost race: staging/K is dead unless the pointer now names K (an identical retry won),
   * and even then once snapshots/K exists.
   */
  async #dropLosingStage(cluster: ClusterIdentity, key: string): Promise<void> {
    try {
      const current = await this.#current(cluster);
      if (current?.pointer.key !== key || (await this.#storage.get(key)) !== undefined) await this.#storage.remove(stagingKey(key));
    } catch {
      // A leftover staging object is harmless (nothing reads it unless a pointer names its key).
    }
  }

  async #removeQuietly(key: string): Promise<void> {
    try {
      await this.#storage.remove(key);
    } catch {
      // As above: the chain is complete; only a staging leftover remains.
    }
  }

  async #expectSha(key: string, sha256: string): Promise<StoredObject> {
    const object = await this.#storage.get(key);
    if (object === undefined) throw new SnapshotStoreError('unavailable', this.#storage.locate(key), 'the store said the object exists, then that it does not');
    if (sha256Hex(object.bytes) !== sha256) {
      throw new SnapshotStoreError('corrupt', this.#storage.locate(key), `exists with other bytes than this snapshot's (SHA-256 ${sha256Hex(object.bytes)}, expected ${sha256}); write-once kept it`);
    }
    return object;
  }

  #stored(key: string, bytes: Uint8Array, expectedSha: string | undefined): StoredSnapshot {
    const sha256 = sha256Hex(bytes);
    const location = this.#storage.locate(key);
    if (expectedSha !== undefined && sha256 !== expectedSha) {
      throw new SnapshotStoreError('corrupt', location, `SHA-256 ${sha256} differs from the chain's link (${expectedSha}): the snapshot was altered (run psa-scan verify)`);
    }
    const parsed = parseSnapshotJson(text.decode(bytes), 'document');
    if (!parsed.ok) throw new SnapshotStoreError('corrupt', location, `not a snapshot: ${parsed.errors.join('; ')}`);
    return { key, sha256, bytes, snapshot: parsed.snapshot };
  }

  #headMissing(pointer: SnapshotPointer): SnapshotStoreError {
    return new SnapshotStoreError('corrupt', this.#storage.locate(pointer.key), 'the pointer names this snapshot, but it is neither stored nor staged (run psa-scan verify)');
  }
}
