// `psa-scan scan --store REF [--notify TARGET]`: the store, the notifier and the report sink a scan
// is recorded with, built from the options and the environment's values (AWS endpoints, region and
// credentials as the SDK names them; the folder lock's owner from the entry).
import type { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { createConsoleNotifier } from '../notify/console-notifier.ts';
import { createFileNotifier } from '../notify/file-notifier.ts';
import { createFolderReportSink } from '../notify/folder-report-sink.ts';
import type { Notifier } from '../notify/notifier.ts';
import type { ReportSink } from '../notify/report-sink.ts';
import { createS3ReportSink } from '../notify/s3-report-sink.ts';
import { createSnsNotifier } from '../notify/sns-notifier.ts';
import type { RecordDependencies } from '../scan/record-scan.ts';
import { openSnapshotStore } from '../store/open-snapshot-store.ts';
import { createS3Client, s3ClientSettings } from '../store/s3-client-config.ts';
import { parseStoreReference } from '../store/store-reference.ts';
import type { CliEnvironment } from './cli-environment.ts';
import type { CliIo } from './cli-io.ts';

export interface Recording extends RecordDependencies {
  /** Releases the AWS clients. */
  close(): void;
}

export type OpenedRecording = { readonly ok: true; readonly recording: Recording } | { readonly ok: false; readonly message: string };

const SNS_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):[0-9]{12}:[A-Za-z0-9_-]{1,256}$/;

function openNotifier(target: string, io: CliIo, environment: CliEnvironment, jsonOutput: boolean): { notifier: Notifier; sns?: SNSClient } | string {
  if (target === 'console') {
    // Beside a JSON report on stdout, alerts go to stderr so stdout stays one JSON document.
    const toStderr = jsonOutput;
    return {
      notifier: createConsoleNotifier({
        write: toStderr ? io.stderr : io.stdout,
        colour: toStderr ? environment.stderrIsTerminal : environment.stdoutIsTerminal,
      }),
    };
  }
  if (target.startsWith('file:') && target.length > 'file:'.length) return { notifier: createFileNotifier({ directory: target.slice('file:'.length) }) };
  if (target.startsWith('sns:')) {
    const arn = target.slice('sns:'.length);
    const region = SNS_ARN.exec(arn)?.[1];
    if (region === undefined) return `--notify: ${JSON.stringify(arn)} is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)`;
    const settings = s3ClientSettings(environment.variables, 'AWS_ENDPOINT_URL_SNS');
    if (!settings.ok) return settings.message;
    const { endpoint, credentials, profile } = settings.settings;
    // The notifier retries on its own: the SDK's retries would multiply with them.
    const sns = new SNSClient({
      region,
      maxAttempts: 1,
      ...(endpoint === undefined ? {} : { endpoint }),
      credentials: credentials ?? fromNodeProviderChain(profile === undefined ? {} : { profile }),
    });
    return { notifier: createSnsNotifier({ client: sns, topicArn: arn }), sns };
  }
  return `--notify: ${JSON.stringify(target)} must be console, file:DIR or sns:TOPIC_ARN`;
}

export function openRecording(options: { store: string; notify: string | undefined; jsonOutput: boolean }, io: CliIo, environment: CliEnvironment): OpenedRecording {
  const parsed = parseStoreReference(options.store);
  if (!parsed.ok) return { ok: false, message: `--store: ${parsed.message}` };
  const reference = parsed.reference;
  if (reference.kind === 'folder' && environment.lockOwner === undefined) return { ok: false, message: '--store: a folder store needs a lock owner (internal)' };

  let s3: S3Client | undefined;
  let reportSink: ReportSink;
  // Findings too many for one message go beside the snapshots: reports/ in the same bucket or folder.
  if (reference.kind === 's3') {
    const settings = s3ClientSettings(environment.variables);
    if (!settings.ok) return { ok: false, message: settings.message };
    const client = createS3Client(settings.settings);
    s3 = client;
    reportSink = createS3ReportSink({ client, bucket: reference.bucket, prefix: reference.prefix });
  } else {
    reportSink = createFolderReportSink(reference.path);
  }
  const store = openSnapshotStore(reference, {
    s3Client: () => {
      if (s3 === undefined) throw new Error('a folder store needs no S3 client');
      return s3;
    },
    ...(environment.lockOwner === undefined ? {} : { lockOwner: environment.lockOwner }),
  });

  let opened: ReturnType<typeof openNotifier> | undefined;
  if (options.notify !== undefined) {
    opened = openNotifier(options.notify, io, environment, options.jsonOutput);
    if (typeof opened === 'string') {
      s3?.destroy();
      return { ok: false, message: opened };
    }
  }
  const sns = typeof opened === 'object' ? opened.sns : undefined;
  return {
    ok: true,
    recording: {
      store,
      reportSink,
      ...(typeof opened === 'object' ? { notifier: opened.notifier } : {}),
      close: () => {
        s3?.destroy();
        sns?.destroy();
      },
    },
  };
}
