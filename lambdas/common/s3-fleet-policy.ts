// The fleet policy the scans run with: the YAML at FLEET_POLICY_KEY in the snapshot bucket, read
// once per cold start (the read starts when the module loads and every record awaits the same
// promise), or DEFAULT_FLEET_POLICY when no key is configured. A read or parse failure is not
// kept: the next invocation reads again, so fixing the object heals the warm functions too.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_FLEET_POLICY, type FleetPolicy } from '../../shared/targets/fleet-policy.ts';
import { formatFleetPolicyError, parseFleetPolicy } from '../../shared/targets/parse-fleet-policy.ts';

export interface LoadedFleetPolicy {
  readonly policy: FleetPolicy;
  /** `s3://bucket/key`, recorded in every snapshot; null for the default policy. */
  readonly source: string | null;
}

/** The policy cannot be used: `problems` are the parser's `file:line:col: path: message` lines, or the S3 error. */
export class FleetPolicyLoadError extends Error {
  override readonly name = 'FleetPolicyLoadError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[], cause?: unknown) {
    super(`the fleet policy cannot be used:\n${problems.join('\n')}`, cause === undefined ? undefined : { cause });
    this.problems = problems;
  }
}

async function readPolicy(client: S3Client, bucket: string, key: string): Promise<LoadedFleetPolicy> {
  const source = `s3://${bucket}/${key}`;
  let text: string;
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    text = (await response.Body?.transformToString('utf-8')) ?? '';
  } catch (error) {
    throw new FleetPolicyLoadError([`${source}: cannot be read: ${(error as Error).name}: ${(error as Error).message}`], error);
  }
  const parsed = parseFleetPolicy(text, source);
  if (!parsed.ok) throw new FleetPolicyLoadError(parsed.errors.map(formatFleetPolicyError));
  return { policy: parsed.policy, source };
}

/** Starts reading now; the function returned gives the policy (the same promise while it holds). */
export function fleetPolicyFromS3(client: S3Client, bucket: string, key: string | undefined): () => Promise<LoadedFleetPolicy> {
  if (key === undefined) {
    const loaded = Promise.resolve<LoadedFleetPolicy>({ policy: DEFAULT_FLEET_POLICY, source: null });
    return () => loaded;
  }
  const start = (): Promise<LoadedFleetPolicy> => {
    const reading = readPolicy(client, bucket, key);
    // Observed at once so a failure before the first record asks is not an unhandled rejection.
    reading.catch(() => {
      if (current === reading) current = undefined;
    });
    return reading;
  };
  let current: Promise<LoadedFleetPolicy> | undefined = start();
  return () => (current ??= start());
}
