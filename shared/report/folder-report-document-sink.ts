// The ReportDocumentSink in a folder (the CLI's --out DIR): each key a path under the folder,
// written whole or not at all and never over another file (notify/write-once-file.ts: a temporary
// file hard-linked into place). A folder has no media types; the file name's extension says it.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { FileExistsError, writeOnceFile } from '../notify/write-once-file.ts';
import { ReportWriteError, type ReportDocument, type ReportDocumentSink } from './report-document-sink.ts';

export function createFolderReportDocumentSink(directory: string): ReportDocumentSink {
  const root = resolve(directory);
  const pathOf = (key: string): string => {
    const path = resolve(root, key);
    const inside = relative(root, path);
    // Keys are made by fleetReportKeys(); still, nothing is written outside the folder.
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      throw new ReportWriteError('failed', path, `the key ${JSON.stringify(key)} is not a path inside ${root}`);
    }
    return path;
  };
  return {
    locate: pathOf,
    async put(document: ReportDocument): Promise<void> {
      const path = pathOf(document.key);
      try {
        await writeOnceFile(path, document.body);
      } catch (error) {
        if (error instanceof FileExistsError) throw new ReportWriteError('exists', path, 'a different report is already there; reports are never replaced', error);
        throw new ReportWriteError('failed', path, `cannot write: ${(error as Error).message}`, error);
      }
    },
  };
}
