import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertDocumentSchema } from './alert-document.ts';
import { composeAlert } from './compose-alert.ts';
import { createConsoleNotifier } from './console-notifier.ts';
import { createFolderReportSink } from './folder-report-sink.ts';
import { NotifyError } from './notifier.ts';
import { prepareAlert, publishAlert } from './publish-alert.ts';
import { recordedAlertInput } from '../../test/support/recorded-drift.ts';
import { reportKey } from './report-key.ts';

describe('publishAlert', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'notify-publish-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const input = recordedAlertInput('violate');
  /** One byte less than the whole message needs: the findings must go to a report. */
  const tooSmall = (composeAlert(input, { maxPublishBytes: Number.MAX_SAFE_INTEGER })?.publishBytes ?? 0) - 1;

  it('sends nothing and writes nothing for a scan without findings', async () => {
    const written: string[] = [];
    const receipt = await publishAlert(recordedAlertInput('unchanged'), createConsoleNotifier({ write: (t) => written.push(t), colour: false }), {
      reportSink: createFolderReportSink(directory),
    });
    expect(receipt).toBeUndefined();
    expect(written).toEqual([]);
  });

  it('writes the report before the message that points at it goes out', async () => {
    const sink = createFolderReportSink(directory);
    const path = sink.locate(reportKey(input.cluster, input.scannedAt));
    const seen: boolean[] = [];
    const notifier = createConsoleNotifier({ write: () => seen.push(existsSync(path)), colour: false });
    expect(await publishAlert(input, notifier, { reportSink: sink, maxPublishBytes: tooSmall })).toEqual({ channel: 'console' });
    expect(seen).toEqual([true]);
    const report = alertDocumentSchema.parse(JSON.parse(await readFile(path, 'utf8')));
    expect(report.findings).toHaveLength(input.findings.length);
  });

  it('points the message at the report where the sink put it', async () => {
    const sink = createFolderReportSink(directory);
    const message = await prepareAlert(input, { reportSink: sink, maxPublishBytes: tooSmall, reportKey: 'r/1.json' });
    expect(message?.document.report).toMatchObject({ key: 'r/1.json', location: join(directory, 'r/1.json') });
    expect(message?.text).toContain(`\nFull report: ${join(directory, 'r/1.json')}\n`);
  });

  it('fails with NotifyError, before notifying, when a report is needed and there is no sink', async () => {
    const written: string[] = [];
    const error = await publishAlert(input, createConsoleNotifier({ write: (t) => written.push(t), colour: false }), { maxPublishBytes: tooSmall }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifyError);
    expect(error).toMatchObject({ failure: 'report' });
    expect(written).toEqual([]);
  });

  it('fails with NotifyError keeping the cause, before notifying, when the report cannot be written', async () => {
    await writeFile(join(directory, 'not-a-folder'), '');
    const written: string[] = [];
    const error = await publishAlert(input, createConsoleNotifier({ write: (t) => written.push(t), colour: false }), {
      reportSink: createFolderReportSink(join(directory, 'not-a-folder')),
      maxPublishBytes: tooSmall,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifyError);
    expect(error).toMatchObject({ failure: 'report', cause: { code: 'ENOTDIR' } });
    expect((error as Error).message).toContain(join(directory, 'not-a-folder'));
    expect(written).toEqual([]);
  });

  it('needs no sink when everything fits', async () => {
    const written: string[] = [];
    await publishAlert(input, createConsoleNotifier({ write: (t) => written.push(t), colour: false }));
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('HIGH     legacy: ');
  });
});
