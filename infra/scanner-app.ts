// The CDK app: the scanner stack, the member-account stack, tags, and cdk-nag's AwsSolutions checks
// on both (cdk-nag 3: a validation plugin; an unacknowledged finding fails the synth, and the
// report lands in the cloud assembly as validation-report.json). Every acknowledgement sits beside
// the construct it is about, with its reason.
import { Aws, Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { AppSettings } from './app-context.ts';
import { MemberAccountStack } from './member-account-stack.ts';
import { ScannerStack, type ScannerStackProps } from './scanner-stack.ts';

export const SCANNER_STACK_NAME = 'PsaFleetScanner';
export const MEMBER_STACK_NAME = 'PsaFleetScannerMember';

export interface ScannerAppStacks {
  readonly scanner: ScannerStack;
  readonly member: MemberAccountStack;
}

/** `entries`: other handler files (tests). */
export function buildScannerApp(app: App, settings: AppSettings, entries?: ScannerStackProps['entries']): ScannerAppStacks {
  const env = settings.env.account === undefined && settings.env.region === undefined ? undefined : settings.env;
  const scanner = new ScannerStack(app, SCANNER_STACK_NAME, {
    ...settings.scanner,
    ...(env === undefined ? {} : { env }),
    ...(entries === undefined ? {} : { entries }),
    description: 'psa-fleet-scanner: nightly Pod Security Admission scan of an EKS fleet (dispatch, scan, snapshots, alerts)',
  });
  const member = new MemberAccountStack(app, MEMBER_STACK_NAME, {
    ...settings.member,
    // Unset: the scanner runs in the member's own account (a single-account fleet).
    scannerAccountId: settings.member.scannerAccountId ?? settings.env.account ?? Aws.ACCOUNT_ID,
    ...(env === undefined ? {} : { env }),
    description: 'psa-fleet-scanner: the role the scanner assumes in this account, mapped into its EKS clusters',
  });
  Tags.of(app).add('app', 'psa-fleet-scanner');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { scanner, member };
}
