// One writer process for the folder store's multi-process tests (store-folder.test.ts):
//
//   append ROOT SNAPSHOT_FILE   loads everything, prints "ready", waits for a line on stdin (so all
//                               writers start together), appends, prints the result as JSON
//   hold-lock ROOT CLUSTER_JSON takes the cluster's pointer lock, prints "locked", never lets go
//                               (the test kills it: a lock left by a dead process)
import { once } from 'node:events';
import { mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseSnapshotJson } from '../../shared/snapshot/snapshot-json.ts';
import { processLockOwner, withFileLock } from '../../shared/store/folder-lock.ts';
import { createFolderSnapshotStore } from '../../shared/store/folder-snapshot-store.ts';
import { pointerKey } from '../../shared/store/snapshot-keys.ts';

const [mode, root, argument] = process.argv.slice(2);
if (root === undefined || argument === undefined) throw new Error('usage: store-append-worker.ts append|hold-lock ROOT ARG');
const owner = processLockOwner(process, hostname());

if (mode === 'append') {
  const parsed = parseSnapshotJson(await readFile(argument, 'utf8'), argument);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const store = createFolderSnapshotStore({ root, lockOwner: owner, maxRetries: 500, initialDelayMs: 2, maxDelayMs: 100 });
  const lines = createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  await once(lines, 'line');
  const result = await store.append(parsed.snapshot);
  process.stdout.write(`${JSON.stringify({ key: result.stored.key, previous: result.previous?.key ?? null, alreadyStored: result.alreadyStored })}\n`);
  lines.close();
} else if (mode === 'hold-lock') {
  const lock = `${join(root, ...pointerKey(JSON.parse(argument)).split('/'))}.lock`;
  await mkdir(dirname(lock), { recursive: true });
  await withFileLock(lock, { owner }, async () => {
    process.stdout.write('locked\n');
    // Held until the process is killed (a pending timer keeps it running).
    await new Promise(() => setInterval(() => {}, 60_000));
  });
} else {
  throw new Error(`unknown mode ${mode}`);
}
