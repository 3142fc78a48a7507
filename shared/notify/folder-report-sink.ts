// The ReportSink for the CLI: the report key as a path under a folder, written whole, never over
// another report (write-once-file.ts).
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ReportSink } from './report-sink.ts';
import { writeOnceFile } from './write-once-file.ts';

export function createFolderReportSink(directory: string): ReportSink {
  const root = resolve(directory);
  const pathOf = (key: string): string => {
    const path = resolve(root, key);
    const inside = relative(root, path);
    // Keys come from reportKey(), whose values are percent-escaped; still, nothing leaves the folder.
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      throw new Error(`report key ${JSON.stringify(key)} is not a path inside ${root}`);
    }
    return path;
  };
  return {
    async put(key: string, body: string): Promise<void> {
      await writeOnceFile(pathOf(key), body);
    },
    locate(key: string): string {
      return pathOf(key);
    },
  };
}
