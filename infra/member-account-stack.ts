// A member account's stack: the role the scanner assumes there, and one EKS access entry per
// cluster mapping that role to the Kubernetes group `psa-scanner`, which infra/onboarding binds to
// what a scan reads and to namespace dry-runs (rbac.yaml), and refuses real namespace writes
// (deny-real-writes.yaml). Apply those two manifests to each cluster as well.
//
// - Trust: the scanner account, and in it only the roles of the functions that reach clusters
//   (dispatch, scan, adhoc; aws:PrincipalArn), with an
//   external ID when one is given. Trusting the account with a condition, rather than naming the
//   roles as principals, lets this stack be deployed before the scanner's, and survives the
//   scanner's roles being recreated (IAM turns a principal naming a deleted role into an ID).
// - Permissions: eks:ListClusters and eks:DescribeCluster, nothing else in AWS. What the role may
//   do inside a cluster is Kubernetes RBAC's business, through the group.
// - Access entries need the cluster's authentication mode to be API or API_AND_CONFIG_MAP (EKS
//   refuses to create one under CONFIG_MAP). No access policy is associated: an EKS access policy
//   would grant more than rbac.yaml does.
// - IAM is global, access entries are regional: deploy this stack once per account with the role
//   (createRole, default) and, for clusters in other regions of the account, once per region with
//   createRole: false.
import { Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import { AccountPrincipal, PolicyDocument, PolicyStatement, Role, type IRole } from 'aws-cdk-lib/aws-iam';
import { CfnAccessEntry } from 'aws-cdk-lib/aws-eks';
import type { Construct } from 'constructs';
import { z } from 'zod';
import { DEFAULT_MEMBER_ROLE_NAME, memberTrustedRoleNames, SCANNER_KUBERNETES_GROUP } from './scanner-identity.ts';
import { fieldName, SettingsError } from './settings-error.ts';

export interface MemberAccountStackProps extends StackProps {
  /** The account the scanner stack is deployed in (a 12-digit ID, or this stack's own account). */
  readonly scannerAccountId: string;
  /** The scanner's roleNamePrefix, default `psa-fleet-scanner`. */
  readonly scannerRoleNamePrefix?: string;
  /** The role's name; FLEET_CONFIG's roleArn for this account names it. Default psa-fleet-scanner-member. */
  readonly roleName?: string;
  /** Required in sts:AssumeRole when set (FLEET_CONFIG's externalId for this account). */
  readonly externalId?: string;
  /** EKS clusters in this stack's region that get an access entry for the role. */
  readonly clusterNames?: readonly string[];
  /** Create the role (default), or only reference it: for a second region of the same account. */
  readonly createRole?: boolean;
}

const schema = z.object({
  scannerAccountId: z.string().refine((id) => Token.isUnresolved(id) || /^\d{12}$/.test(id), { error: 'must be a 12-digit AWS account ID' }),
  scannerRoleNamePrefix: z.string().regex(/^[\w+=,.@-]{1,55}$/, { error: 'must be a role name prefix (1-55 of letters, digits and +=,.@_-)' }).optional(),
  roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: 'must be an IAM role name (1-64 of letters, digits and +=,.@_-)' }).optional(),
  // STS: 2-1224 characters of [\w+=,.@:/-].
  externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, { error: 'must be 2-1224 of letters, digits and +=,.@:/_-' }).optional(),
  clusterNames: z
    .array(z.string().regex(/^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$/, { error: 'must be an EKS cluster name (1-100 of letters, digits, _ and -)' }))
    .refine((names) => new Set(names).size === names.length, { error: 'lists a cluster twice' })
    .optional(),
  createRole: z.boolean().optional(),
});

export class MemberAccountStack extends Stack {
  readonly role: IRole;
  readonly accessEntries: CfnAccessEntry[] = [];

  constructor(scope: Construct, id: string, props: MemberAccountStackProps) {
    super(scope, id, props);
    const parsed = schema.safeParse(props);
    if (!parsed.success) throw new SettingsError('the member-account stack', parsed.error.issues.map((i) => `${fieldName(i.path)}: ${i.message}`));
    const roleName = props.roleName ?? DEFAULT_MEMBER_ROLE_NAME;

    if (props.createRole === false) {
      this.role = Role.fromRoleName(this, 'ScannerRole', roleName);
    } else {
      const scannerRoles = memberTrustedRoleNames(props.scannerRoleNamePrefix ?? 'psa-fleet-scanner');
      const roleArn = (name: string): string => `arn:${this.partition}:iam::${props.scannerAccountId}:role/${name}`;
      const role = new Role(this, 'ScannerRole', {
        roleName,
        description: 'psa-fleet-scanner: assumed by the scanner account to discover and scan EKS clusters',
        assumedBy: new AccountPrincipal(props.scannerAccountId).withConditions({
          ArnEquals: { 'aws:PrincipalArn': scannerRoles.map(roleArn) },
          ...(props.externalId === undefined ? {} : { StringEquals: { 'sts:ExternalId': props.externalId } }),
        }),
        inlinePolicies: {
          DiscoverClusters: new PolicyDocument({
            statements: [
              new PolicyStatement({ actions: ['eks:ListClusters'], resources: ['*'] }),
              new PolicyStatement({ actions: ['eks:DescribeCluster'], resources: [`arn:${this.partition}:eks:*:${this.account}:cluster/*`] }),
            ],
          }),
        },
      });
      Validations.of(role).acknowledge(
        {
          id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
          reason: 'eks:ListClusters has no resource-level permissions (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html): it takes "*" or nothing.',
        },
        {
          id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:eks:*:<AWS::AccountId>:cluster/*]',
          reason: 'DescribeCluster on every cluster of this account, in any region: the scanner learns which clusters exist (and reads their opt-out tag) by describing them; FLEET_CONFIG picks the regions.',
        },
      );
      this.role = role;
    }

    for (const clusterName of props.clusterNames ?? []) {
      this.accessEntries.push(
        new CfnAccessEntry(this, `AccessEntry-${clusterName}`, {
          clusterName,
          principalArn: this.role.roleArn,
          type: 'STANDARD',
          kubernetesGroups: [SCANNER_KUBERNETES_GROUP],
        }),
      );
    }
  }
}
