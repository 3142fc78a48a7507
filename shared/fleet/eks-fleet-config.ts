// What EKS discovery searches and how it connects: accounts (a role to assume, or the scanner's own
// credentials) with their regions, the opt-out tag, per-cluster endpoint overrides, and endpoints
// for the AWS APIs (tests point them at moto; a VPC may need its interface endpoints). The edge (a
// Lambda handler, the CLI) reads the JSON; parseEksFleetConfig checks it and fills the defaults.

import { z } from 'zod';
import { parseEksClusterArn } from './eks-cluster-arn.ts';
import type { OptOutTag } from './eks-cluster-selection.ts';
import type { EksEndpointOverride } from '../kube/eks-cluster-endpoint.ts';

export interface EksAccountTarget {
  /** The role to assume in that account; unset: the scanner's own credentials (and account). */
  readonly roleArn?: string;
  readonly externalId?: string;
  readonly regions: readonly string[];
}

export interface EksFleetConfig {
  readonly accounts: readonly EksAccountTarget[];
  readonly optOutTag: OptOutTag;
  /** RoleSessionName of every AssumeRole (what CloudTrail and the access entry's username show). */
  readonly roleSessionName: string;
  /** By cluster ARN. */
  readonly endpointOverrides: Readonly<Record<string, EksEndpointOverride>>;
  /**
   * Unset: the regional AWS endpoints. `sts` is also the host inside every EKS token, and EKS accepts
   * tokens for the regional STS hostnames only: leave it unset outside tests (an STS interface VPC
   * endpoint with private DNS keeps the regional hostname).
   */
  readonly awsEndpoints: { readonly eks?: string; readonly sts?: string };
  /** ListClusters maxResults (1-100). */
  readonly listClustersPageSize: number;
}

export const DEFAULT_OPT_OUT_TAG: OptOutTag = { key: 'psa-fleet-scanner/opt-out', value: 'true' };
export const DEFAULT_ROLE_SESSION_NAME = 'psa-fleet-scanner';

export class FleetConfigError extends Error {
  override readonly name = 'FleetConfigError';
  /** One line per problem: `SOURCE: FIELD: what is wrong`. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

const url = (schemes: readonly string[]) =>
  z.string().refine(
    (value) => URL.canParse(value) && schemes.includes(new URL(value).protocol),
    { error: `must be a URL (${schemes.map((s) => s.replace(':', '')).join(' or ')})` },
  );

const pemBundle = z.string().refine(
  (value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').toString('utf8').includes('-----BEGIN CERTIFICATE-----'),
  { error: 'must be base64 of a PEM CA bundle (as certificate-authority-data in a kubeconfig)' },
);

const overrideSchema = z
  .strictObject({
    endpointUrl: url(['https:']).optional(),
    certificateAuthorityData: pemBundle.optional(),
    tlsServerName: z
      .string()
      .regex(/^(?=.*[a-z])[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/i, { error: 'must be a DNS name (TLS SNI takes no IP address)' })
      .optional(),
  })
  .refine((o) => Object.keys(o).length > 0, { error: 'must set endpointUrl, certificateAuthorityData or tlsServerName' });

const accountSchema = z
  .strictObject({
    roleArn: z.string().regex(ROLE_ARN, { error: 'must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)' }).optional(),
    externalId: z.string().min(2).max(1224).optional(),
    regions: z
      .array(z.string().regex(REGION, { error: 'must be an AWS region such as eu-west-1' }))
      .min(1, { error: 'must list at least one region' })
      .refine((regions) => new Set(regions).size === regions.length, { error: 'lists a region twice' }),
  })
  .refine((a) => a.externalId === undefined || a.roleArn !== undefined, { error: 'externalId needs a roleArn', path: ['externalId'] });

const configSchema = z.strictObject({
  accounts: z
    .array(accountSchema)
    .min(1, { error: 'must list at least one account' })
    .refine((accounts) => new Set(accounts.map((a) => a.roleArn ?? '')).size === accounts.length, {
      error: 'lists the same account (roleArn, or the own credentials) twice',
    }),
  optOutTag: z.strictObject({ key: z.string().min(1).max(128), value: z.string().max(256) }).default(DEFAULT_OPT_OUT_TAG),
  roleSessionName: z
    .string()
    .regex(/^[\w+=,.@-]{2,64}$/, { error: 'must be 2-64 of letters, digits and +=,.@_-' })
    .default(DEFAULT_ROLE_SESSION_NAME),
  endpointOverrides: z
    .record(z.string(), overrideSchema)
    // Checked here, not on the key schema: zod reports a bad record key only as "Invalid key in record".
    .superRefine((overrides, ctx) => {
      for (const arn of Object.keys(overrides)) {
        if (parseEksClusterArn(arn) === undefined) {
          ctx.addIssue({ code: 'custom', path: [arn], message: 'keys must be EKS cluster ARNs (arn:aws:eks:REGION:ACCOUNT:cluster/NAME)' });
        }
      }
    })
    .default({}),
  awsEndpoints: z.strictObject({ eks: url(['https:', 'http:']).optional(), sts: url(['https:', 'http:']).optional() }).default({}),
  listClustersPageSize: z.int().min(1).max(100).default(100),
});

/** `accounts[0].regions[1]` from a zod issue path. */
function fieldName(path: readonly PropertyKey[]): string {
  const text = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return text.startsWith('.') ? text.slice(1) : text || '(root)';
}

/**
 * The checked configuration with defaults filled in; `source` names where it came from (a file, an
 * environment variable) in every problem reported.
 */
export function parseEksFleetConfig(input: unknown, source: string): EksFleetConfig {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new FleetConfigError(parsed.error.issues.map((issue) => `${source}: ${fieldName(issue.path)}: ${issue.message}`));
  }
  return parsed.data;
}
