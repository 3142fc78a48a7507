// Test-side wrappers around a real ObjectStorage: every call goes through to the real server; the
// wrapper only records what the server answered to pointer writes (to tell a moto race from a bug
// of ours) or runs a hook before a chosen call (to stop the server at an exact point of an append).
import type { ObjectRole, ObjectStorage } from '../../shared/store/object-storage.ts';

export interface PointerWrite {
  readonly key: string;
  /** The etag the write was conditional on; undefined: `If-None-Match: *`. */
  readonly expected: string | undefined;
  readonly outcome: 'replaced' | 'conflict';
  /** The snapshot key the written pointer names. */
  readonly names: string;
}

export interface Hooks {
  /** Runs before each `create` and `replace`, with the object's key and role. */
  readonly before?: (call: { method: 'create' | 'replace'; key: string; role: ObjectRole }) => Promise<void> | void;
}

export class RecordingStorage implements ObjectStorage {
  readonly pointerWrites: PointerWrite[] = [];
  readonly #real: ObjectStorage;
  readonly #hooks: Hooks;

  constructor(real: ObjectStorage, hooks: Hooks = {}) {
    this.#real = real;
    this.#hooks = hooks;
  }

  get location(): string {
    return this.#real.location;
  }

  locate(key: string): string {
    return this.#real.locate(key);
  }

  probe(): Promise<void> {
    return this.#real.probe();
  }

  get(key: string): ReturnType<ObjectStorage['get']> {
    return this.#real.get(key);
  }

  async create(key: string, bytes: Uint8Array, role: ObjectRole): Promise<'created' | 'exists'> {
    await this.#hooks.before?.({ method: 'create', key, role });
    return this.#real.create(key, bytes, role);
  }

  async replace(key: string, bytes: Uint8Array, etag: string | undefined, role: ObjectRole): Promise<'replaced' | 'conflict'> {
    await this.#hooks.before?.({ method: 'replace', key, role });
    const outcome = await this.#real.replace(key, bytes, etag, role);
    if (role === 'pointer') this.pointerWrites.push({ key, expected: etag, outcome, names: (JSON.parse(new TextDecoder().decode(bytes)) as { key: string }).key });
    return outcome;
  }

  remove(key: string): Promise<void> {
    return this.#real.remove(key);
  }

  list(prefix: string): Promise<string[]> {
    return this.#real.list(prefix);
  }

  /**
   * Conditional pointer writes the server let through twice from one version: impossible on S3,
   * which admits one conditional write per version; moto 5.2.5 checks and writes without a lock.
   */
  doubleWins(): PointerWrite[][] {
    const byVersion = new Map<string, PointerWrite[]>();
    for (const write of this.pointerWrites.filter((w) => w.outcome === 'replaced')) {
      const version = `${write.key} ${write.expected ?? '(none)'}`;
      byVersion.set(version, [...(byVersion.get(version) ?? []), write]);
    }
    return [...byVersion.values()].filter((writes) => writes.length > 1);
  }
}
