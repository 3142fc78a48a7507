// What a scanner deployment can be told, with its defaults, checked before anything is built: a
// bad value fails the synth with `field: why`, not the deployment (or the first nightly run).
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import { DEFAULT_WINDOW_HOURS } from '../lambdas/watchdog/watchdog-config.ts';
import { DEFAULT_NIGHTS, MAX_NIGHTS } from '../shared/cli/report-options.ts';
import { FleetConfigError, parseEksFleetConfig, type EksFleetConfig } from '../shared/fleet/eks-fleet-config.ts';
import { fieldName, SettingsError } from './settings-error.ts';

export interface ScannerSettingsInput {
  /**
   * The fleet: the EksFleetConfig of shared/fleet/eks-fleet-config.ts (accounts with their member
   * role and regions, opt-out tag, ...), given to both functions as FLEET_CONFIG.
   */
  readonly fleetConfig: unknown;
  /** EventBridge Scheduler cron, default `cron(0 2 * * ? *)` (02:00 every day). */
  readonly scheduleCron?: string;
  /** IANA time zone of the cron, default `UTC`. */
  readonly scheduleTimeZone?: string;
  /** When the fleet report is made, after the scan window, same time zone; default `cron(0 6 * * ? *)`. */
  readonly reportCron?: string;
  /** Nights in the report's trend charts (REPORT_NIGHTS), default 30. */
  readonly reportNights?: number;
  /** The watchdog looks every this many hours (1-12), default 1. */
  readonly watchdogEveryHours?: number;
  /** A cluster without a successful scan, or a fleet without a started run, for this long is paged (WATCHDOG_WINDOW_HOURS), default 26. */
  readonly watchdogWindowHours?: number;
  /** Object Lock retention of every snapshot, default GOVERNANCE for 365 days; `false`: none. */
  readonly objectLock?: { readonly mode: 'GOVERNANCE' | 'COMPLIANCE'; readonly days: number } | false;
  /** Subscribes this address to the alerts topic (drift, clusters not scanned). */
  readonly alertEmail?: string;
  /** Subscribes this address to the ops topic (alarms). */
  readonly opsEmail?: string;
  /** Scans running at once, the event source's maximum concurrency (2-1000), default 10. */
  readonly maxConcurrentScans?: number;
  /** Receives of a work item before it goes to the DLQ, default 3. */
  readonly maxReceiveCount?: number;
  /** Log retention of both functions in days (a CloudWatch Logs retention value), default 90. */
  readonly logRetentionDays?: number;
  /** X-Ray active tracing of both functions, default off. */
  readonly tracing?: boolean;
  /** Prefix of everything the store writes, `''` (default) or ending in `/`. */
  readonly snapshotPrefix?: string;
  /** Key of the fleet policy YAML in the snapshot bucket; unset: the built-in default policy. */
  readonly fleetPolicyKey?: string;
  /** Namespaces swept at once per cluster (SCAN_CONCURRENCY), default 16. */
  readonly scanConcurrency?: number;
  /** Per-request timeout towards a cluster in ms (REQUEST_TIMEOUT_MS), default 15000. */
  readonly requestTimeoutMs?: number;
  /** Names the functions' roles `<prefix>-dispatch` and `<prefix>-scan`, default `psa-fleet-scanner`. */
  readonly roleNamePrefix?: string;
  /** Scan function memory in MB, default 1769 (one full vCPU). */
  readonly scanMemoryMb?: number;
  readonly metricsNamespace?: string;
  readonly logLevel?: string;
  readonly infrequentAccessAfterDays?: number;
  readonly glacierInstantRetrievalAfterDays?: number;
  /** Current staging objects expire after this many days (snapshot-bucket.ts says why not sooner), default 30. */
  readonly stagingExpirationDays?: number;
  readonly accessLogRetentionDays?: number;
}

export interface ScannerSettings {
  readonly fleet: EksFleetConfig;
  /** FLEET_CONFIG as given (defaults not expanded: the environment is small). */
  readonly fleetConfigJson: string;
  readonly scheduleCron: string;
  readonly scheduleTimeZone: string;
  readonly reportCron: string;
  readonly reportNights: number;
  readonly watchdogEveryHours: number;
  readonly watchdogWindowHours: number;
  readonly objectLock: { readonly mode: 'GOVERNANCE' | 'COMPLIANCE'; readonly days: number } | undefined;
  readonly alertEmail: string | undefined;
  readonly opsEmail: string | undefined;
  readonly maxConcurrentScans: number;
  readonly maxReceiveCount: number;
  readonly logRetention: RetentionDays;
  readonly tracing: boolean;
  readonly snapshotPrefix: string;
  readonly fleetPolicyKey: string | undefined;
  readonly scanConcurrency: number;
  readonly requestTimeoutMs: number;
  readonly roleNamePrefix: string;
  readonly scanMemoryMb: number;
  readonly metricsNamespace: string;
  readonly logLevel: string;
  readonly infrequentAccessAfterDays: number;
  readonly glacierInstantRetrievalAfterDays: number;
  readonly stagingExpirationDays: number;
  readonly accessLogRetentionDays: number;
}

function isTimeZone(name: string): boolean {
  try {
    // The Scheduler wants the canonical IANA spelling; Intl accepts `utc` but names it `UTC`.
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone === name;
  } catch {
    return false;
  }
}

const cron = (example: string) =>
  z.string().regex(/^cron\(\S+( \S+){5}\)$/, { error: `must be an EventBridge Scheduler cron expression with six fields, e.g. ${example}` });

const RETENTION_DAYS = new Set<number>(Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'));
const days = (max: number) => z.int().min(1).max(max);

const schema = z
  .object({
    fleetConfig: z.unknown(),
    // cron(minutes hours day-of-month month day-of-week year)
    scheduleCron: cron('cron(0 2 * * ? *)').default('cron(0 2 * * ? *)'),
    scheduleTimeZone: z.string().refine(isTimeZone, { error: 'must be an IANA time zone name, e.g. Europe/Berlin or UTC' }).default('UTC'),
    reportCron: cron('cron(0 6 * * ? *)').default('cron(0 6 * * ? *)'),
    reportNights: z.int().min(1).max(MAX_NIGHTS).default(DEFAULT_NIGHTS),
    // Two missed looks make the heartbeat alarm (scanner-alarms.ts): two periods must fit its one-day limit.
    watchdogEveryHours: z.int().min(1).max(12).default(1),
    watchdogWindowHours: z.int().min(1).max(720).default(DEFAULT_WINDOW_HOURS),
    objectLock: z
      .union([z.literal(false), z.strictObject({ mode: z.enum(['GOVERNANCE', 'COMPLIANCE']), days: days(36_500) })])
      .default({ mode: 'GOVERNANCE', days: 365 }),
    alertEmail: z.email().optional(),
    opsEmail: z.email().optional(),
    // Lambda's maximum concurrency of an SQS event source: 2-1000.
    maxConcurrentScans: z.int().min(2).max(1000).default(10),
    maxReceiveCount: z.int().min(1).max(1000).default(3),
    logRetentionDays: z
      .int()
      .refine((n) => RETENTION_DAYS.has(n), { error: `must be a CloudWatch Logs retention (${[...RETENTION_DAYS].sort((a, b) => a - b).join(', ')})` })
      .default(90),
    tracing: z.boolean().default(false),
    snapshotPrefix: z
      .string()
      .regex(/^$|^[\w!.*'()/-]+\/$/, { error: 'must be empty or a key prefix ending in /' })
      .refine((p) => !p.startsWith('/') && !p.includes('//'), { error: 'must not start with / or contain //' })
      .default(''),
    fleetPolicyKey: z.string().min(1).max(1024).optional(),
    scanConcurrency: z.int().min(1).max(256).default(16),
    requestTimeoutMs: z.int().min(1_000).max(900_000).default(15_000),
    roleNamePrefix: z
      .string()
      .regex(/^[\w+=,.@-]{1,55}$/, { error: 'must be 1-55 of letters, digits and +=,.@_- (a role name is at most 64 with -dispatch)' })
      .default('psa-fleet-scanner'),
    scanMemoryMb: z.int().min(128).max(10_240).default(1769),
    metricsNamespace: z.string().regex(/^(?!AWS\/)[0-9A-Za-z._\-/#: ]{1,255}$/, { error: 'must be a CloudWatch namespace not starting with AWS/' }).default('PsaFleetScanner'),
    logLevel: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT']).default('INFO'),
    infrequentAccessAfterDays: days(36_500).refine((n) => n >= 30, { error: 'must be at least 30 (S3 moves objects to Standard-IA after 30 days at the earliest)' }).default(30),
    glacierInstantRetrievalAfterDays: days(36_500).default(90),
    stagingExpirationDays: days(36_500).default(30),
    accessLogRetentionDays: days(36_500).default(365),
  })
  .superRefine((s, ctx) => {
    if (s.watchdogWindowHours <= s.watchdogEveryHours) {
      ctx.addIssue({ code: 'custom', path: ['watchdogWindowHours'], message: 'must be longer than watchdogEveryHours (a lapse must be seen before the next look)' });
    }
    if (s.glacierInstantRetrievalAfterDays < s.infrequentAccessAfterDays + 30) {
      ctx.addIssue({ code: 'custom', path: ['glacierInstantRetrievalAfterDays'], message: 'must be at least 30 days after infrequentAccessAfterDays (Standard-IA bills 30 days at least)' });
    }
  });

/** Defaults filled in, every value checked; SettingsError lists every problem at once. */
export function resolveScannerSettings(input: ScannerSettingsInput): ScannerSettings {
  const problems: string[] = [];
  const parsed = schema.safeParse(input);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${fieldName(i.path)}: ${i.message}`));
  let fleet: EksFleetConfig | undefined;
  try {
    fleet = parseEksFleetConfig(input.fleetConfig, 'fleetConfig');
  } catch (error) {
    if (!(error instanceof FleetConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (!parsed.success || fleet === undefined) throw new SettingsError('the scanner stack', problems);
  const { fleetConfig, objectLock, logRetentionDays, alertEmail, opsEmail, fleetPolicyKey, ...rest } = parsed.data;
  return {
    ...rest,
    fleet,
    fleetConfigJson: JSON.stringify(fleetConfig),
    objectLock: objectLock === false ? undefined : objectLock,
    logRetention: logRetentionDays as RetentionDays,
    alertEmail,
    opsEmail,
    fleetPolicyKey,
  };
}
