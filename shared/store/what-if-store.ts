// Pre-upgrade what-ifs in the same store as the snapshots (a folder or an S3 bucket and prefix),
// through the same ObjectStorage, under their own prefix (what-if-keys.ts). A what-if is written
// once and never replaced: ObjectStorage.create (S3 `If-None-Match: *`, a folder's link(2)) with
// the `snapshot` role, so it gets what a snapshot gets: a read-only file, SSE-KMS and Object Lock
// retention where the store is configured for them. It never reads or writes the chain's pointer,
// staging or snapshots, so the nightly baseline cannot move because of it.
import type { S3Client } from '@aws-sdk/client-s3';
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import { parseWhatIfJson, whatIfJson } from '../whatif/what-if-json.ts';
import type { UpgradeWhatIf } from '../whatif/what-if-schema.ts';
import { FolderObjectStorage } from './folder-object-storage.ts';
import type { ObjectStorage } from './object-storage.ts';
import { S3ObjectStorage, type ObjectLockRetention } from './s3-object-storage.ts';
import { sha256Hex } from './snapshot-digest.ts';
import { SnapshotStoreError } from './snapshot-store-error.ts';
import type { StoreReference } from './store-reference.ts';
import { clusterWhatIfsPrefix, whatIfKey, whatIfKeySha8 } from './what-if-keys.ts';

export interface StoredWhatIf {
  readonly key: string;
  /** Lower-case hex SHA-256 of `bytes`. */
  readonly sha256: string;
  readonly bytes: Uint8Array;
  readonly whatIf: UpgradeWhatIf;
}

export interface WhatIfStore {
  /** `s3://bucket/prefix/` or the folder. */
  readonly location: string;
  locate(key: string): string;
  /** Writes the document once; `alreadyStored` when these very bytes were there (a retry). */
  put(whatIf: UpgradeWhatIf): Promise<{ readonly stored: StoredWhatIf; readonly alreadyStored: boolean }>;
  /** The document under `key`, its bytes checked against the SHA-256 its key names. */
  read(key: string): Promise<StoredWhatIf>;
  /** The keys of one cluster's what-ifs, oldest first. */
  list(cluster: ClusterIdentity): Promise<string[]>;
}

const utf8 = new TextEncoder();
const text = new TextDecoder('utf-8', { fatal: false });

export class ObjectWhatIfStore implements WhatIfStore {
  readonly #storage: ObjectStorage;

  constructor(storage: ObjectStorage) {
    this.#storage = storage;
  }

  get location(): string {
    return this.#storage.location;
  }

  locate(key: string): string {
    return this.#storage.locate(key);
  }

  async put(whatIf: UpgradeWhatIf): Promise<{ stored: StoredWhatIf; alreadyStored: boolean }> {
    const bytes = utf8.encode(whatIfJson(whatIf));
    const sha256 = sha256Hex(bytes);
    const { account, region, name } = whatIf.cluster;
    const key = whatIfKey({ account, region, name }, whatIf.startedAt, whatIf.upgrade.to, sha256);
    const created = await this.#storage.create(key, bytes, 'snapshot');
    if (created === 'exists') {
      // Same key, same first 8 hex digits: the same document unless someone planted other bytes.
      const existing = await this.read(key);
      if (existing.sha256 !== sha256) throw new SnapshotStoreError('corrupt', this.#storage.locate(key), 'holds another document under this key; nothing was written');
      return { stored: existing, alreadyStored: true };
    }
    return { stored: { key, sha256, bytes, whatIf: parseStored(bytes, this.#storage.locate(key)) }, alreadyStored: false };
  }

  async read(key: string): Promise<StoredWhatIf> {
    const where = this.#storage.locate(key);
    const object = await this.#storage.get(key);
    if (object === undefined) throw new SnapshotStoreError('not-found', where, 'no such what-if');
    const sha256 = sha256Hex(object.bytes);
    const named = whatIfKeySha8(key);
    if (named !== undefined && !sha256.startsWith(named)) {
      throw new SnapshotStoreError('corrupt', where, `its SHA-256 starts ${sha256.slice(0, 8)}, not ${named} as its key says: altered after it was written`);
    }
    return { key, sha256, bytes: object.bytes, whatIf: parseStored(object.bytes, where) };
  }

  async list(cluster: ClusterIdentity): Promise<string[]> {
    const keys = await this.#storage.list(clusterWhatIfsPrefix(cluster));
    // The compacted start time sorts as text within a date, and the date partition before it.
    return keys.filter((key) => whatIfKeySha8(key) !== undefined).sort();
  }
}

function parseStored(bytes: Uint8Array, where: string): UpgradeWhatIf {
  const parsed = parseWhatIfJson(text.decode(bytes), where);
  if (!parsed.ok) throw new SnapshotStoreError('corrupt', where, `not an UpgradeWhatIf: ${parsed.errors.join('; ')}`);
  return parsed.whatIf;
}

export interface WhatIfStoreDependencies {
  /** Called once when the reference is a bucket. */
  readonly s3Client: () => S3Client;
  readonly kmsKeyId?: string;
  readonly retention?: ObjectLockRetention;
}

/** The what-if store at a store reference (the same one `--store` names for the snapshots). */
export function openWhatIfStore(reference: StoreReference, dependencies: WhatIfStoreDependencies): WhatIfStore {
  if (reference.kind === 'folder') return new ObjectWhatIfStore(new FolderObjectStorage({ root: reference.path }));
  const { kmsKeyId, retention } = dependencies;
  return new ObjectWhatIfStore(
    new S3ObjectStorage({
      client: dependencies.s3Client(),
      bucket: reference.bucket,
      prefix: reference.prefix,
      ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
      ...(retention === undefined ? {} : { retention }),
    }),
  );
}
