// The scan function's configuration, read once at cold start: the store (bucket, prefix, KMS key,
// Object Lock retention), the alert topic, the fleet policy's key, how to reach clusters
// (FLEET_CONFIG: roles, endpoint overrides, AWS endpoints), how hard to push each cluster, and the
// work queue's maxReceiveCount (to tell the last attempt at an item from the others).
import { z } from 'zod';
import type { EksFleetConfig } from '../../shared/fleet/eks-fleet-config.ts';
import type { ObjectLockRetention } from '../../shared/store/s3-object-storage.ts';
import { parseStoreReference } from '../../shared/store/store-reference.ts';
import { collectProblems, integerVariable, parseFleetConfigVariable, parseVariables, snsTopicArn, variablesOf, type Environment } from '../common/environment-variables.ts';
import { parsePowertoolsConfig, type PowertoolsConfig } from '../common/powertools-config.ts';

export interface ScanConfig {
  readonly powertools: PowertoolsConfig;
  readonly fleet: EksFleetConfig;
  readonly store: {
    readonly bucket: string;
    /** `''` or ending in `/`. */
    readonly prefix: string;
    readonly kmsKeyId: string | undefined;
    readonly retention: ObjectLockRetention | undefined;
  };
  readonly alertTopicArn: string;
  /** Key of the fleet policy YAML in the bucket (not under the prefix); undefined: DEFAULT_FLEET_POLICY. */
  readonly fleetPolicyKey: string | undefined;
  /** Namespaces swept at once per cluster, and the kube reader's requests in flight. */
  readonly scanConcurrency: number;
  readonly requestTimeoutMs: number;
  /** The work queue's redrive maxReceiveCount: a failure on this receive sends the item to the DLQ. */
  readonly maxReceiveCount: number;
}

export const DEFAULT_SCAN_CONCURRENCY = 16;
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
/** What the CDK stack sets as the queue's maxReceiveCount unless told otherwise. */
export const DEFAULT_MAX_RECEIVE_COUNT = 3;

const schema = z
  .object({
    SNAPSHOT_BUCKET: z.string({ error: 'must be set (the snapshot bucket)' }),
    SNAPSHOT_PREFIX: z.string().default(''),
    ALERT_TOPIC_ARN: snsTopicArn,
    // An id, an ARN or an alias: S3 checks it; here only that it is one token.
    KMS_KEY_ID: z.string().regex(/^\S{1,2048}$/, { error: 'must be a KMS key id, key ARN or alias' }).optional(),
    OBJECT_LOCK_MODE: z.enum(['GOVERNANCE', 'COMPLIANCE'], { error: 'must be GOVERNANCE or COMPLIANCE' }).optional(),
    OBJECT_LOCK_DAYS: integerVariable(1, 36_500).optional(),
    FLEET_POLICY_KEY: z.string().min(1).max(1024, { error: 'must be an S3 key (at most 1024 characters)' }).optional(),
    SCAN_CONCURRENCY: integerVariable(1, 256, DEFAULT_SCAN_CONCURRENCY),
    REQUEST_TIMEOUT_MS: integerVariable(1_000, 900_000, DEFAULT_REQUEST_TIMEOUT_MS),
    MAX_RECEIVE_COUNT: integerVariable(1, 1_000, DEFAULT_MAX_RECEIVE_COUNT),
  })
  .superRefine(
    (v, ctx) => {
      if ((v.OBJECT_LOCK_MODE === undefined) !== (v.OBJECT_LOCK_DAYS === undefined)) {
        const missing = v.OBJECT_LOCK_MODE === undefined ? 'OBJECT_LOCK_MODE' : 'OBJECT_LOCK_DAYS';
        ctx.addIssue({ code: 'custom', path: [missing], message: 'must be set with OBJECT_LOCK_MODE and OBJECT_LOCK_DAYS: both or neither' });
      }
    },
    // Checked even when other variables are wrong, so one deployment shows every problem.
    { when: () => true },
  )
  .superRefine((v, ctx) => {
    // The same rules as `psa-scan --store s3://BUCKET/PREFIX`, so the CLI can read what the Lambda wrote.
    const reference = parseStoreReference(`s3://${v.SNAPSHOT_BUCKET}/${v.SNAPSHOT_PREFIX}`);
    if (!reference.ok) ctx.addIssue({ code: 'custom', path: [reference.message.includes('prefix') ? 'SNAPSHOT_PREFIX' : 'SNAPSHOT_BUCKET'], message: reference.message });
  });

export function parseScanConfig(environment: Environment): ScanConfig {
  const parts = collectProblems({
    powertools: () => parsePowertoolsConfig(environment),
    fleet: () => parseFleetConfigVariable(environment),
    variables: () => parseVariables(schema, variablesOf(environment, Object.keys(schema.shape))),
  });
  const v = parts.variables;
  const reference = parseStoreReference(`s3://${v.SNAPSHOT_BUCKET}/${v.SNAPSHOT_PREFIX}`);
  if (!reference.ok || reference.reference.kind !== 's3') throw new Error('unreachable: the schema checked the store reference');
  return {
    powertools: parts.powertools,
    fleet: parts.fleet,
    store: {
      bucket: reference.reference.bucket,
      prefix: reference.reference.prefix,
      kmsKeyId: v.KMS_KEY_ID,
      retention: v.OBJECT_LOCK_MODE === undefined || v.OBJECT_LOCK_DAYS === undefined ? undefined : { mode: v.OBJECT_LOCK_MODE, days: v.OBJECT_LOCK_DAYS },
    },
    alertTopicArn: v.ALERT_TOPIC_ARN,
    fleetPolicyKey: v.FLEET_POLICY_KEY,
    scanConcurrency: v.SCAN_CONCURRENCY,
    requestTimeoutMs: v.REQUEST_TIMEOUT_MS,
    maxReceiveCount: v.MAX_RECEIVE_COUNT,
  };
}
