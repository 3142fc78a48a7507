import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertDocumentSchema } from './alert-document.ts';
import type { AlertMessage } from './alert-message.ts';
import { composeAlert } from './compose-alert.ts';
import { alertFileStem, createFileNotifier } from './file-notifier.ts';
import { NotifyError } from './notifier.ts';
import { recordedAlertInput, type DriftStepName } from '../../test/support/recorded-drift.ts';
import { FileExistsError } from './write-once-file.ts';

function messageOf(step: DriftStepName): AlertMessage {
  const result = composeAlert(recordedAlertInput(step));
  if (result === undefined) throw new Error('no alert');
  return result.message;
}

describe('the file notifier', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'notify-files-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes the text and the message as JSON, named by cluster and scan time', async () => {
    const message = messageOf('violate');
    const receipt = await createFileNotifier({ directory: join(directory, 'alerts') }).notify(message);
    const stem = `payments_123456789012_eu-west-1_${message.document.scannedAt.replace(/[-:]/g, '')}`;
    expect(alertFileStem(message)).toBe(stem);
    expect(receipt).toEqual({ channel: 'file', files: [join(directory, 'alerts', `${stem}.alert.txt`), join(directory, 'alerts', `${stem}.alert.json`)] });
    expect(await readFile(join(directory, 'alerts', `${stem}.alert.txt`), 'utf8')).toBe(`${message.subject}\n\n${message.text}`);
    const json = JSON.parse(await readFile(join(directory, 'alerts', `${stem}.alert.json`), 'utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({ subject: message.subject, text: message.text, short: message.short });
    expect(alertDocumentSchema.parse(json['document'])).toEqual(message.document);
    expect((await readdir(join(directory, 'alerts'))).sort()).toEqual([`${stem}.alert.json`, `${stem}.alert.txt`]);
  });

  it('writes the same alert twice without complaint, and never over another one', async () => {
    const notifier = createFileNotifier({ directory });
    const message = messageOf('violate');
    await notifier.notify(message);
    await notifier.notify(message);
    const other = { ...message, subject: `${message.subject} (changed)` };
    const error = await notifier.notify(other).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifyError);
    expect(error).toMatchObject({ failure: 'write', target: directory });
    expect((error as Error).cause).toBeInstanceOf(FileExistsError);
    expect((await readFile(join(directory, `${alertFileStem(message)}.alert.txt`), 'utf8')).startsWith(`${message.subject}\n`)).toBe(true);
  });

  it('drops account and region for a kubeconfig cluster and keeps odd names to file-safe characters', () => {
    const input = recordedAlertInput('violate');
    const result = composeAlert({ ...input, cluster: { account: 'local', region: 'local', name: 'arn:aws:eks/../x y' } });
    expect(alertFileStem(result?.message as AlertMessage)).toBe(`arn_aws_eks_.._x_y_${input.scannedAt.replace(/[-:]/g, '')}`);
  });
});
