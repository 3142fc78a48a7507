// Where a function finds the snapshot store: SNAPSHOT_BUCKET and SNAPSHOT_PREFIX under the rules of
// `psa-scan --store s3://BUCKET/PREFIX` (so the CLI reads what the functions wrote), KMS_KEY_ID for
// what the function writes, and for a function that writes write-once documents under Object
// Lock, OBJECT_LOCK_MODE and OBJECT_LOCK_DAYS. The same names and messages as the scan's own
// configuration (scan/scan-config.ts), for the functions that came after it: dispatch (its run
// marker), adhoc, report, watchdog.
import { z } from 'zod';
import type { ObjectLockRetention } from '../../shared/store/s3-object-storage.ts';
import { parseStoreReference } from '../../shared/store/store-reference.ts';
import { integerVariable, parseVariables, variablesOf, type Environment } from './environment-variables.ts';

export interface StoreVariables {
  readonly bucket: string;
  /** `''` or ending in `/`. */
  readonly prefix: string;
  readonly kmsKeyId: string | undefined;
  /** Only when asked for (`withRetention`) and both variables are set. */
  readonly retention: ObjectLockRetention | undefined;
}

const base = {
  SNAPSHOT_BUCKET: z.string({ error: 'must be set (the snapshot bucket)' }),
  SNAPSHOT_PREFIX: z.string().default(''),
  // An id, an ARN or an alias: S3 checks it; here only that it is one token.
  KMS_KEY_ID: z.string().regex(/^\S{1,2048}$/, { error: 'must be a KMS key id, key ARN or alias' }).optional(),
};

const retention = {
  OBJECT_LOCK_MODE: z.enum(['GOVERNANCE', 'COMPLIANCE'], { error: 'must be GOVERNANCE or COMPLIANCE' }).optional(),
  OBJECT_LOCK_DAYS: integerVariable(1, 36_500).optional(),
};

type Checked = { readonly SNAPSHOT_BUCKET: string; readonly SNAPSHOT_PREFIX: string };

function checkReference(v: Checked, ctx: z.RefinementCtx): void {
  const reference = parseStoreReference(`s3://${v.SNAPSHOT_BUCKET}/${v.SNAPSHOT_PREFIX}`);
  if (!reference.ok) ctx.addIssue({ code: 'custom', path: [reference.message.includes('prefix') ? 'SNAPSHOT_PREFIX' : 'SNAPSHOT_BUCKET'], message: reference.message });
}

const withoutRetention = z.object(base).superRefine(checkReference);
const withRetention = z
  .object({ ...base, ...retention })
  .superRefine(
    (v, ctx) => {
      if ((v.OBJECT_LOCK_MODE === undefined) === (v.OBJECT_LOCK_DAYS === undefined)) return;
      const missing = v.OBJECT_LOCK_MODE === undefined ? 'OBJECT_LOCK_MODE' : 'OBJECT_LOCK_DAYS';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'must be set with OBJECT_LOCK_MODE and OBJECT_LOCK_DAYS: both or neither' });
    },
    // Checked even when other variables are wrong, so one deployment shows every problem.
    { when: () => true },
  )
  .superRefine(checkReference);

/** Throws LambdaConfigError naming each wrong variable. */
export function parseStoreVariables(environment: Environment, options: { readonly withRetention: boolean }): StoreVariables {
  const names = Object.keys(options.withRetention ? { ...base, ...retention } : base);
  const v: z.infer<typeof withRetention> = options.withRetention
    ? parseVariables(withRetention, variablesOf(environment, names))
    : parseVariables(withoutRetention, variablesOf(environment, names));
  const reference = parseStoreReference(`s3://${v.SNAPSHOT_BUCKET}/${v.SNAPSHOT_PREFIX}`);
  if (!reference.ok || reference.reference.kind !== 's3') throw new Error('unreachable: the schema checked the store reference');
  const { OBJECT_LOCK_MODE: mode, OBJECT_LOCK_DAYS: days } = v;
  return {
    bucket: reference.reference.bucket,
    prefix: reference.reference.prefix,
    kmsKeyId: v.KMS_KEY_ID,
    retention: mode === undefined || days === undefined ? undefined : { mode, days },
  };
}
