// What a deployment can be told: the defaults, and the refusals that name the field (from props,
// and from CDK context strings), including a fleet too big for Lambda's 4 KB of environment.
import { App, Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { FALLBACK_REGION, readAppContext } from './app-context.ts';
import { checkEnvironmentSize, environmentBytes, EnvironmentTooLargeError, LAMBDA_ENVIRONMENT_LIMIT_BYTES, UNRESOLVED_VALUE_BYTES } from './lambda-environment.ts';
import { ScannerStack } from './scanner-stack.ts';
import { resolveScannerSettings, type ScannerSettingsInput } from './scanner-settings.ts';
import { SettingsError } from './settings-error.ts';

const FLEET = { accounts: [{ regions: ['eu-west-1'] }] };

function problemsOf(attempt: () => unknown): readonly string[] {
  try {
    attempt();
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('scanner settings', () => {
  it('default to a nightly 02:00 UTC run, GOVERNANCE retention for a year, ten scans at once, three receives', () => {
    const settings = resolveScannerSettings({ fleetConfig: FLEET });
    expect(settings).toMatchObject({
      scheduleCron: 'cron(0 2 * * ? *)',
      scheduleTimeZone: 'UTC',
      objectLock: { mode: 'GOVERNANCE', days: 365 },
      maxConcurrentScans: 10,
      maxReceiveCount: 3,
      logRetention: RetentionDays.THREE_MONTHS,
      tracing: false,
      snapshotPrefix: '',
      roleNamePrefix: 'psa-fleet-scanner',
      scanMemoryMb: 1769,
      stagingExpirationDays: 30,
      alertEmail: undefined,
      fleetPolicyKey: undefined,
    });
    expect(settings.fleetConfigJson).toBe(JSON.stringify(FLEET));
  });

  it('refuse every unusable value at once, each named, the fleet\'s with its path', () => {
    const input: ScannerSettingsInput = {
      fleetConfig: { accounts: [{ roleArn: 'arn:aws:iam::12:role/x', regions: [] }] },
      scheduleCron: '0 2 * * *',
      scheduleTimeZone: 'utc',
      maxConcurrentScans: 1,
      logRetentionDays: 45,
      snapshotPrefix: 'psa',
      alertEmail: 'not-an-address',
      infrequentAccessAfterDays: 30,
      glacierInstantRetrievalAfterDays: 40,
    };
    expect(problemsOf(() => resolveScannerSettings(input))).toEqual([
      'scheduleCron: must be an EventBridge Scheduler cron expression with six fields, e.g. cron(0 2 * * ? *)',
      'scheduleTimeZone: must be an IANA time zone name, e.g. Europe/Berlin or UTC',
      'alertEmail: Invalid email address',
      'maxConcurrentScans: Too small: expected number to be >=2',
      expect.stringMatching(/^logRetentionDays: must be a CloudWatch Logs retention \(1, 3, 5, 7, 14, 30, 60, 90,/),
      'snapshotPrefix: must be empty or a key prefix ending in /',
      'glacierInstantRetrievalAfterDays: must be at least 30 days after infrequentAccessAfterDays (Standard-IA bills 30 days at least)',
      'fleetConfig: accounts[0].roleArn: must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)',
      'fleetConfig: accounts[0].regions: must list at least one region',
    ]);
  });

  it('make the report at 06:00 over 30 nights and let the watchdog look hourly with a 26-hour window by default; refuse a window it cannot see lapse', () => {
    expect(resolveScannerSettings({ fleetConfig: FLEET })).toMatchObject({ reportCron: 'cron(0 6 * * ? *)', reportNights: 30, watchdogEveryHours: 1, watchdogWindowHours: 26 });
    expect(problemsOf(() => resolveScannerSettings({ fleetConfig: FLEET, reportCron: 'rate(1 day)', reportNights: 400, watchdogEveryHours: 12, watchdogWindowHours: 12 }))).toEqual([
      'reportCron: must be an EventBridge Scheduler cron expression with six fields, e.g. cron(0 6 * * ? *)',
      'reportNights: Too big: expected number to be <=366',
      'watchdogWindowHours: must be longer than watchdogEveryHours (a lapse must be seen before the next look)',
    ]);
    expect(problemsOf(() => resolveScannerSettings({ fleetConfig: FLEET, watchdogEveryHours: 13 }))).toEqual(['watchdogEveryHours: Too big: expected number to be <=12']);
  });
});

describe('CDK context', () => {
  const context = (values: Record<string, unknown>) => (key: string) => values[key];

  it('turns strings into the settings\' types and leaves unset keys to the defaults', () => {
    const app = readAppContext(
      context({ maxConcurrentScans: '40', tracing: 'true', memberClusters: 'a, b,,c', objectLockMode: 'COMPLIANCE', objectLockDays: '30', fleetConfig: '{"accounts":[{"regions":["eu-west-2"]}]}' }),
      {},
    );
    expect(app.scanner).toEqual({ fleetConfig: { accounts: [{ regions: ['eu-west-2'] }] }, maxConcurrentScans: 40, tracing: true, objectLock: { mode: 'COMPLIANCE', days: 30 } });
    expect(app.member).toEqual({ clusterNames: ['a', 'b', 'c'] });
    expect(app.env).toEqual({});
  });

  it('takes JSON values from cdk.json as they are, and objectLockMode none turns Object Lock retention off', () => {
    const app = readAppContext(context({ maxConcurrentScans: 40, tracing: false, memberClusters: ['x'], fleetConfig: FLEET, objectLockMode: 'none' }), {});
    expect(app.scanner).toEqual({ fleetConfig: FLEET, maxConcurrentScans: 40, tracing: false, objectLock: false });
    expect(app.member.clusterNames).toEqual(['x']);
  });

  it('searches the own account in the deployment region by default (the CLI\'s, else a fixed one)', () => {
    expect(readAppContext(context({}), { account: '123456789012', region: 'ap-south-1' })).toMatchObject({
      env: { account: '123456789012', region: 'ap-south-1' },
      scanner: { fleetConfig: { accounts: [{ regions: ['ap-south-1'] }] } },
    });
    expect(readAppContext(context({}), {}).scanner.fleetConfig).toEqual({ accounts: [{ regions: [FALLBACK_REGION] }] });
  });

  it('names each key whose value cannot be turned into its type', () => {
    expect(problemsOf(() => readAppContext(context({ maxConcurrentScans: 'ten', tracing: 'yes', fleetConfig: '{accounts', objectLockMode: 'LEGAL_HOLD', memberClusters: [1] }), {}))).toEqual([
      expect.stringMatching(/^context fleetConfig: not JSON: /),
      'context maxConcurrentScans: must be a whole number (got "ten")',
      'context tracing: must be true or false (got "yes")',
      'context objectLockMode: must be GOVERNANCE, COMPLIANCE or none (with objectLockDays)',
      'context memberClusters: must be a comma-separated list or an array of strings (got [1])',
    ]);
  });
});

describe('Lambda\'s 4 KB of environment', () => {
  it('counts unresolved values (ARNs, URLs) at their largest', () => {
    const key = new Key(new Stack(new App(), 'Sizes'), 'Key');
    const withToken = environmentBytes({ A: key.keyArn });
    expect(withToken).toBe(2 + 6 + 1 + UNRESOLVED_VALUE_BYTES);
    expect(environmentBytes({ A: 'abc' })).toBe(2 + 6 + 1 + 3);
  });

  it('refuses at synth a fleet whose FLEET_CONFIG would not fit, saying how big it is', () => {
    const accounts = Array.from({ length: 40 }, (_, i) => ({ roleArn: `arn:aws:iam::${String(100000000000 + i)}:role/psa-fleet-scanner-member`, regions: ['eu-west-1', 'eu-central-1'] }));
    const attempt = () => new ScannerStack(new App(), 'Big', { fleetConfig: { accounts } });
    expect(attempt).toThrow(EnvironmentTooLargeError);
    expect(attempt).toThrow(/dispatch: the environment takes up to \d+ bytes, more than Lambda's 4096 \(FLEET_CONFIG alone is \d+ bytes\)/);
  });

  it('accepts the biggest environment that fits, and nothing bigger', () => {
    const base = { NAME: '' };
    const room = LAMBDA_ENVIRONMENT_LIMIT_BYTES - environmentBytes(base);
    expect(() => checkEnvironmentSize('f', { NAME: 'x'.repeat(room) })).not.toThrow();
    expect(() => checkEnvironmentSize('f', { NAME: 'x'.repeat(room + 1) })).toThrow(EnvironmentTooLargeError);
  });
});
