// The CDK app's settings from its context: `cdk synth -c KEY=VALUE` (always a string) or the
// "context" of cdk.json / cdk.context.json (JSON values). Each key is turned into the type the
// stacks take (numbers, booleans, JSON, lists), and a value that cannot be is reported with its key.
// The keys are the stacks' property names (scanner-settings.ts, member-account-stack.ts); the
// member stack's are prefixed `member`. Nothing here is required: the defaults synthesize a
// scanner for its own account's clusters in the deployment region.
import type { MemberAccountStackProps } from './member-account-stack.ts';
import type { ScannerSettingsInput } from './scanner-settings.ts';
import { SettingsError } from './settings-error.ts';

export type ContextReader = (key: string) => unknown;

export interface AppSettings {
  /** Where the stacks go; unset: environment-agnostic (the CLI's credentials decide at deploy). */
  readonly env: { readonly account?: string; readonly region?: string };
  readonly scanner: ScannerSettingsInput;
  readonly member: Omit<MemberAccountStackProps, 'scannerAccountId'> & { readonly scannerAccountId?: string };
}

/** The region FLEET_CONFIG searches by default when neither context nor the CLI names one. */
export const FALLBACK_REGION = 'us-east-1';

const STRING_KEYS = ['scheduleCron', 'scheduleTimeZone', 'reportCron', 'alertEmail', 'opsEmail', 'snapshotPrefix', 'fleetPolicyKey', 'roleNamePrefix', 'metricsNamespace', 'logLevel'] as const;
const NUMBER_KEYS = [
  'maxConcurrentScans',
  'maxReceiveCount',
  'reportNights',
  'watchdogEveryHours',
  'watchdogWindowHours',
  'logRetentionDays',
  'scanConcurrency',
  'requestTimeoutMs',
  'scanMemoryMb',
  'infrequentAccessAfterDays',
  'glacierInstantRetrievalAfterDays',
  'stagingExpirationDays',
  'accessLogRetentionDays',
] as const;

class ContextProblems {
  readonly problems: string[] = [];

  add(key: string, why: string): undefined {
    this.problems.push(`context ${key}: ${why}`);
    return undefined;
  }
}

function text(read: ContextReader, key: string, problems: ContextProblems): string | undefined {
  const value = read(key);
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : problems.add(key, `must be a string (got ${JSON.stringify(value)})`);
}

function numberOf(read: ContextReader, key: string, problems: ContextProblems): number | undefined {
  const value = read(key);
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return problems.add(key, `must be a whole number (got ${JSON.stringify(value)})`);
}

function booleanOf(read: ContextReader, key: string, problems: ContextProblems): boolean | undefined {
  const value = read(key);
  if (value === undefined || typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return problems.add(key, `must be true or false (got ${JSON.stringify(value)})`);
}

function jsonOf(read: ContextReader, key: string, problems: ContextProblems): unknown {
  const value = read(key);
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (error) {
    return problems.add(key, `not JSON: ${(error as Error).message}`);
  }
}

function listOf(read: ContextReader, key: string, problems: ContextProblems): string[] | undefined {
  const value = read(key);
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  return problems.add(key, `must be a comma-separated list or an array of strings (got ${JSON.stringify(value)})`);
}

function objectLockOf(read: ContextReader, problems: ContextProblems): ScannerSettingsInput['objectLock'] {
  const mode = text(read, 'objectLockMode', problems);
  const days = numberOf(read, 'objectLockDays', problems);
  if (mode === 'none') return false;
  if (mode === undefined && days === undefined) return undefined;
  if (mode !== 'GOVERNANCE' && mode !== 'COMPLIANCE') return problems.add('objectLockMode', 'must be GOVERNANCE, COMPLIANCE or none (with objectLockDays)');
  if (days === undefined) return problems.add('objectLockDays', 'must be set with objectLockMode');
  return { mode, days };
}

/**
 * The settings the context asks for. `defaults` are the CLI's account and region (CDK_DEFAULT_ACCOUNT
 * and CDK_DEFAULT_REGION), used when the context names none.
 */
export function readAppContext(read: ContextReader, defaults: { readonly account?: string; readonly region?: string }): AppSettings {
  const problems = new ContextProblems();
  const account = text(read, 'account', problems) ?? defaults.account;
  const region = text(read, 'region', problems) ?? defaults.region;

  const scanner: Record<string, unknown> = {
    fleetConfig: jsonOf(read, 'fleetConfig', problems) ?? { accounts: [{ regions: [region ?? FALLBACK_REGION] }] },
  };
  for (const key of STRING_KEYS) scanner[key] = text(read, key, problems);
  for (const key of NUMBER_KEYS) scanner[key] = numberOf(read, key, problems);
  scanner['tracing'] = booleanOf(read, 'tracing', problems);
  scanner['objectLock'] = objectLockOf(read, problems);

  const member = {
    scannerAccountId: text(read, 'scannerAccountId', problems),
    scannerRoleNamePrefix: text(read, 'roleNamePrefix', problems),
    roleName: text(read, 'memberRoleName', problems),
    externalId: text(read, 'memberExternalId', problems),
    clusterNames: listOf(read, 'memberClusters', problems),
    createRole: booleanOf(read, 'memberCreateRole', problems),
  };

  if (problems.problems.length > 0) throw new SettingsError('the CDK app', problems.problems);
  const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    env: defined({ account, region }),
    scanner: defined(scanner) as unknown as ScannerSettingsInput,
    member: defined(member),
  };
}
