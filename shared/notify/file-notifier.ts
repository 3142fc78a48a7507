// The Notifier for the CLI's folder: each alert as two files named by cluster and scan time,
// `<name>.alert.txt` (subject and text, what a person reads) and `<name>.alert.json` (the message:
// subject, text, short form and the document). Written whole, never over an earlier alert.
import { join } from 'node:path';
import { LOCAL } from '../fleet/cluster-identity.ts';
import type { AlertMessage } from './alert-message.ts';
import { NotifyError, type Notifier, type NotifyReceipt } from './notifier.ts';
import { writeOnceFile } from './write-once-file.ts';

export interface FileNotifierOptions {
  readonly directory: string;
}

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** `payments_123456789012_eu-west-1_20261129T044308.123Z`; kubeconfig clusters drop account and region. */
export function alertFileStem(message: AlertMessage): string {
  const { cluster, scannedAt } = message.document;
  const where = cluster.account === LOCAL && cluster.region === LOCAL ? [cluster.name] : [cluster.name, cluster.account, cluster.region];
  return [...where, scannedAt.replace(/[-:]/g, '')].map(safe).join('_');
}

export function createFileNotifier(options: FileNotifierOptions): Notifier {
  return {
    async notify(message: AlertMessage): Promise<NotifyReceipt> {
      const stem = join(options.directory, alertFileStem(message));
      const files = [`${stem}.alert.txt`, `${stem}.alert.json`];
      const { subject, text, short, document } = message;
      const bodies = [`${subject}\n\n${text}`, `${JSON.stringify({ subject, text, short, document }, null, 2)}\n`];
      try {
        for (const [index, file] of files.entries()) await writeOnceFile(file, bodies[index] ?? '');
      } catch (error) {
        throw new NotifyError('write', options.directory, `cannot write the alert into ${options.directory}: ${(error as Error).message}`, { cause: error });
      }
      return { channel: 'file', files };
    },
  };
}
