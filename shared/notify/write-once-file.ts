// Creating a file whole or not at all, never over another: the bytes go to a temporary file beside
// it, which is then hard-linked to the final name. link(2) fails with EEXIST when the name exists,
// atomically, so a reader never sees half a file and two writers never overwrite each other
// (rename(2) would silently replace). Writing the same bytes again is not an error.
import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class FileExistsError extends Error {
  readonly path: string;

  constructor(path: string) {
    super(`${path} exists with other content`);
    this.path = path;
    this.name = 'FileExistsError';
  }
}

export async function writeOnceFile(path: string, body: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(body, 'utf8');
    await handle.sync(); // on disk before it has a name
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if ((await readFile(path, 'utf8')) !== body) throw new FileExistsError(path);
  } finally {
    await unlink(temporary);
  }
}
