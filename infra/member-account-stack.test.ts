// The member-account stack as a list of properties: who may assume the role, what it may do in
// AWS, and which Kubernetes group each cluster maps it to (the one infra/onboarding binds).
import { App } from 'aws-cdk-lib';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { MemberAccountStack, type MemberAccountStackProps } from './member-account-stack.ts';
import { SCANNER_KUBERNETES_GROUP } from './scanner-identity.ts';
import { SettingsError } from './settings-error.ts';
import { StackTemplate, type Statement } from './stack-template.test-support.ts';

const SCANNER_ACCOUNT = '999988887777';

function synth(props: Partial<MemberAccountStackProps> = {}): { stack: MemberAccountStack; t: StackTemplate } {
  const stack = new MemberAccountStack(new App(), 'Member', { scannerAccountId: SCANNER_ACCOUNT, clusterNames: ['prod-a', 'prod-b'], ...props });
  return { stack, t: new StackTemplate(stack) };
}

const scannerRole = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${SCANNER_ACCOUNT}:role/${name}`]] });

describe('the role the scanner assumes', () => {
  it('trusts only the scanner account\'s roles that reach clusters: dispatch, scan and adhoc', () => {
    const { stack, t } = synth();
    const trust = (t.props(stack.role, 'AWS::IAM::Role')['AssumeRolePolicyDocument'] as { Statement: Statement[] }).Statement;
    expect(trust).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${SCANNER_ACCOUNT}:root`]] } },
        Condition: { ArnEquals: { 'aws:PrincipalArn': [scannerRole('psa-fleet-scanner-dispatch'), scannerRole('psa-fleet-scanner-scan'), scannerRole('psa-fleet-scanner-adhoc')] } },
      },
    ]);
  });

  it('requires the external ID when one is given, and follows the scanner\'s role prefix', () => {
    const { stack, t } = synth({ externalId: 'fleet-ext-id', scannerRoleNamePrefix: 'psa-prod' });
    const [trust] = (t.props(stack.role, 'AWS::IAM::Role')['AssumeRolePolicyDocument'] as { Statement: Statement[] }).Statement;
    expect(trust?.Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': [scannerRole('psa-prod-dispatch'), scannerRole('psa-prod-scan'), scannerRole('psa-prod-adhoc')] },
      StringEquals: { 'sts:ExternalId': 'fleet-ext-id' },
    });
  });

  it('is named as FLEET_CONFIG expects and may only list and describe EKS clusters', () => {
    const { stack, t } = synth();
    expect(t.props(stack.role, 'AWS::IAM::Role')['RoleName']).toBe('psa-fleet-scanner-member');
    expect(t.props(stack.role, 'AWS::IAM::Role')['ManagedPolicyArns']).toBeUndefined();
    expect(t.all('AWS::IAM::Policy')).toEqual([]);
    expect(Object.fromEntries(t.allowed(stack.role))).toEqual({
      'eks:ListClusters': ['*'],
      'eks:DescribeCluster': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:*:', { Ref: 'AWS::AccountId' }, ':cluster/*']] }],
    });
  });
});

describe('access entries', () => {
  it('map the role to the psa-scanner group in each named cluster, as a STANDARD entry with no access policy', () => {
    const { stack, t } = synth();
    const entries = t.all('AWS::EKS::AccessEntry').map((e) => e.props);
    expect(entries).toEqual([
      { ClusterName: 'prod-a', PrincipalArn: t.arn(stack.role), Type: 'STANDARD', KubernetesGroups: ['psa-scanner'] },
      { ClusterName: 'prod-b', PrincipalArn: t.arn(stack.role), Type: 'STANDARD', KubernetesGroups: ['psa-scanner'] },
    ]);
  });

  it('name the group that infra/onboarding binds (rbac.yaml) and confines to dry-runs (deny-real-writes.yaml)', async () => {
    const documents = async (file: string) => parseAllDocuments(await readFile(new URL(`./onboarding/${file}`, import.meta.url), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
    const binding = (await documents('rbac.yaml')).find((d) => d['kind'] === 'ClusterRoleBinding') as { subjects: Array<{ kind: string; name: string }> };
    expect(binding.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: SCANNER_KUBERNETES_GROUP }]);
    const policy = (await documents('deny-real-writes.yaml')).find((d) => d['kind'] === 'ValidatingAdmissionPolicy') as { spec: { matchConditions: Array<{ expression: string }> } };
    expect(policy.spec.matchConditions.map((c) => c.expression)).toEqual([`'${SCANNER_KUBERNETES_GROUP}' in request.userInfo.groups`]);
  });

  it('reference the role by name in a second region of the account, which creates no role', () => {
    const { t } = synth({ createRole: false, clusterNames: ['eu-c'] });
    expect(t.all('AWS::IAM::Role')).toEqual([]);
    expect(t.all('AWS::EKS::AccessEntry').map((e) => e.props['PrincipalArn'])).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/psa-fleet-scanner-member']] },
    ]);
  });

  it('are none when no cluster is named (the role alone)', () => {
    expect(synth({ clusterNames: [] }).t.all('AWS::EKS::AccessEntry')).toEqual([]);
  });
});

describe('settings', () => {
  it('refuse what cannot work, naming each field', () => {
    const attempt = () => synth({ scannerAccountId: '12345', clusterNames: ['ok', 'has space', 'ok'], externalId: 'x', roleName: 'a/b' });
    expect(attempt).toThrow(SettingsError);
    try {
      attempt();
    } catch (error) {
      expect((error as SettingsError).problems).toEqual([
        'scannerAccountId: must be a 12-digit AWS account ID',
        'roleName: must be an IAM role name (1-64 of letters, digits and +=,.@_-)',
        'externalId: must be 2-1224 of letters, digits and +=,.@:/_-',
        'clusterNames[1]: must be an EKS cluster name (1-100 of letters, digits, _ and -)',
        'clusterNames: lists a cluster twice',
      ]);
    }
  });
});
