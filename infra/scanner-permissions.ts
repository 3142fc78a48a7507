// What each function may do, as a list of statements (least privilege). Grants that CDK's grant
// helpers would widen are spelled out: `topic.grantPublish` adds `kms:GenerateDataKey*`, and
// `bucket.grantReadWrite` every object action on every key.
//
// dispatch: find the clusters (EKS in its own account when FLEET_CONFIG lists it without a role,
//   the member roles otherwise), enqueue one work item per cluster, publish a discovery failure,
//   write the run's marker.
// scan: reach one cluster (DescribeCluster through the member role; the EKS token needs no IAM
//   permission, it is a presigned sts:GetCallerIdentity), read and write its folders of the
//   bucket, publish alerts. The queue's receive/delete permissions come with the event source.
// adhoc: reach one cluster as scan does, write what-ifs; never the chain.
// report: read the chain, write the fleet report. watchdog: read the chain and the run markers,
//   write its lapse ledger, page the alerts topic.
// Folders are bucket-layout.ts's; which function touches which is the table there.
import { Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { BucketFolders } from './bucket-layout.ts';

export interface FleetAccess {
  /** The member roles FLEET_CONFIG names (sts:AssumeRole on exactly these). */
  readonly memberRoleArns: readonly string[];
  /** Regions FLEET_CONFIG searches with the functions' own credentials (its account without a roleArn). */
  readonly ownAccountRegions: readonly string[];
}

export interface DispatchResources {
  readonly fleet: FleetAccess;
  /** The run markers go to `runs/` of the store. */
  readonly store: StoreResources;
  /** X-Ray active tracing: the function's role gets xray:PutTraceSegments/PutTelemetryRecords on "*". */
  readonly tracing: boolean;
  readonly workQueue: IQueue;
  readonly alerts: ITopic;
  readonly key: IKey;
}

export interface StoreResources {
  readonly bucket: IBucket;
  readonly folders: BucketFolders;
  readonly key: IKey;
}

export interface AdhocResources extends StoreResources {
  readonly fleet: FleetAccess;
  readonly tracing: boolean;
  readonly fleetPolicyKey: string | undefined;
  /** What-ifs are put with Object Lock retention, as snapshots are. */
  readonly objectLock: boolean;
}

export interface ReportResources extends StoreResources {
  readonly tracing: boolean;
}

export interface WatchdogResources extends StoreResources {
  readonly tracing: boolean;
  readonly alerts: ITopic;
}

export interface ScanResources {
  readonly fleet: FleetAccess;
  readonly tracing: boolean;
  readonly bucket: IBucket;
  readonly folders: BucketFolders;
  /** The fleet policy's key in the bucket, read at cold start. */
  readonly fleetPolicyKey: string | undefined;
  /** Snapshots are put with Object Lock retention (needs s3:PutObjectRetention). */
  readonly objectLock: boolean;
  readonly alerts: ITopic;
  readonly key: IKey;
}

/** A cdk-nag finding acknowledged on `role` (its policies are its children). */
function acknowledge(role: Role, id: string, reason: string): void {
  Validations.of(role).acknowledge({ id: `AwsSolutions::AwsSolutions-${id}`, reason });
}

/** How cdk-nag names a resource with a wildcard in its IAM5 findings: tokens as `<Logical.Attr>` / `<AWS::Pseudo>`. */
function nagResource(role: Role, resource: string): string {
  const resolved: unknown = Stack.of(role).resolve(resource);
  const render = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const ref = (part as { Ref?: string }).Ref;
    if (ref !== undefined) return `<${ref}>`;
    const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    if (getAtt !== undefined) return `<${getAtt[0]}.${getAtt[1]}>`;
    throw new Error(`cannot name ${JSON.stringify(part)} as cdk-nag does`);
  };
  const join = (resolved as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  return join === undefined ? render(resolved) : join[1].map(render).join(join[0]);
}

function allow(actions: string[], resources: string[], conditions?: Record<string, Record<string, unknown>>): PolicyStatement {
  return new PolicyStatement({ effect: Effect.ALLOW, actions, resources, ...(conditions === undefined ? {} : { conditions }) });
}

/** KMS for SNS (and S3) on the stack's key, only when the call comes through those services. */
function keyUse(key: IKey, services: readonly string[]): PolicyStatement {
  const region = Stack.of(key).region;
  return allow(['kms:GenerateDataKey', 'kms:Decrypt'], [key.keyArn], {
    StringEquals: { 'kms:ViaService': services.map((service) => `${service}.${region}.amazonaws.com`) },
  });
}

const XRAY_REASON = 'X-Ray tracing (optional): xray:PutTraceSegments and PutTelemetryRecords have no resource-level permissions, CDK grants them on "*" with Tracing.ACTIVE.';
const LIST_CLUSTERS_REASON = 'eks:ListClusters has no resource-level permissions (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html): it takes "*" or nothing.';

/** One acknowledgement of the `Resource::*` finding, naming every action that needs it. */
function acknowledgeStarResource(role: Role, reasons: readonly string[]): void {
  if (reasons.length > 0) acknowledge(role, 'IAM5[Resource::*]', reasons.join(' '));
}

function assumeMemberRoles(role: Role, fleet: FleetAccess): void {
  if (fleet.memberRoleArns.length > 0) role.addToPrincipalPolicy(allow(['sts:AssumeRole'], [...fleet.memberRoleArns]));
}

function ownClusterArns(role: Role, fleet: FleetAccess): string[] {
  const stack = Stack.of(role);
  return fleet.ownAccountRegions.map((region) => `arn:${stack.partition}:eks:${region}:${stack.account}:cluster/*`);
}

function describeOwnClusters(role: Role, fleet: FleetAccess): void {
  const clusters = ownClusterArns(role, fleet);
  if (clusters.length === 0) return;
  role.addToPrincipalPolicy(allow(['eks:DescribeCluster'], clusters));
  for (const arn of clusters) {
    acknowledge(role, `IAM5[Resource::${nagResource(role, arn)}]`, 'DescribeCluster on the clusters of this account in a region FLEET_CONFIG searches with the own credentials: which clusters exist is what discovery finds out, so they cannot be named in advance.');
  }
}

/** What a function does in the bucket: folders it reads, folders it creates (or replaces) objects in. */
interface BucketUse {
  readonly read: readonly string[];
  readonly write: readonly string[];
  /** The fleet policy's key, outside the prefix. */
  readonly fleetPolicyKey?: string | undefined;
}

function useBucket(role: Role, bucket: IBucket, use: BucketUse): void {
  const objects = (folder: string): string => bucket.arnForObjects(`${folder}*`);
  const policy = use.fleetPolicyKey === undefined ? [] : [bucket.arnForObjects(use.fleetPolicyKey)];
  if (use.read.length > 0 || policy.length > 0) role.addToPrincipalPolicy(allow(['s3:GetObject'], [...use.read.map(objects), ...policy]));
  if (use.write.length > 0) role.addToPrincipalPolicy(allow(['s3:PutObject'], use.write.map(objects)));
  // Without ListBucket, S3 answers a GET or HEAD of a missing key with 403 instead of 404, and the
  // store reads "no pointer yet", "no ledger entry yet" and "no such lapse" from that 404 (GetObject
  // API reference, Permissions); the store's HeadBucket probe needs it too. ListBucket with an
  // s3:prefix condition would not do: a GetObject carries no prefix.
  role.addToPrincipalPolicy(allow(['s3:ListBucket'], [bucket.bucketArn]));
  for (const folder of new Set([...use.read, ...use.write])) {
    acknowledge(role, `IAM5[Resource::${nagResource(role, objects(folder))}]`, `Objects under ${folder}: keys are made per cluster, run or document (shared/store/snapshot-keys.ts and the modules bucket-layout.ts names), so the folder is the narrowest name.`);
  }
}

/** The chain as a reader sees it: snapshots, the pointers to their heads, and a head left in staging. */
function chainFolders(folders: BucketFolders): string[] {
  return [folders.snapshots, folders.staging, folders.pointers];
}

export function grantDispatch(role: Role, r: DispatchResources): void {
  role.addToPrincipalPolicy(allow(['sqs:SendMessage'], [r.workQueue.queueArn]));
  role.addToPrincipalPolicy(allow(['sns:Publish'], [r.alerts.topicArn]));
  // The run marker: created once (If-None-Match), never read back by dispatch.
  useBucket(role, r.store.bucket, { read: [], write: [r.store.folders.runs] });
  role.addToPrincipalPolicy(keyUse(r.key, ['s3', 'sns']));
  assumeMemberRoles(role, r.fleet);
  const listsOwnClusters = r.fleet.ownAccountRegions.length > 0;
  if (listsOwnClusters) role.addToPrincipalPolicy(allow(['eks:ListClusters'], ['*']));
  describeOwnClusters(role, r.fleet);
  acknowledgeStarResource(role, [...(listsOwnClusters ? [LIST_CLUSTERS_REASON] : []), ...(r.tracing ? [XRAY_REASON] : [])]);
}

export function grantScan(role: Role, r: ScanResources): void {
  const { bucket, folders } = r;
  const written = [...chainFolders(folders), folders.reports, folders.alerts];
  useBucket(role, bucket, { read: written, write: written, fleetPolicyKey: r.fleetPolicyKey });
  role.addToPrincipalPolicy(allow(['s3:DeleteObject'], [bucket.arnForObjects(`${folders.staging}*`)]));
  if (r.objectLock) role.addToPrincipalPolicy(allow(['s3:PutObjectRetention'], [bucket.arnForObjects(`${folders.snapshots}*`)]));
  role.addToPrincipalPolicy(allow(['sns:Publish'], [r.alerts.topicArn]));
  role.addToPrincipalPolicy(keyUse(r.key, ['s3', 'sns']));
  assumeMemberRoles(role, r.fleet);
  describeOwnClusters(role, r.fleet);
  acknowledgeStarResource(role, r.tracing ? [XRAY_REASON] : []);
}

export function grantAdhoc(role: Role, r: AdhocResources): void {
  const { bucket, folders } = r;
  // Write-once: a retried request reads the document already there to compare its hash.
  useBucket(role, bucket, { read: [folders.whatIfs], write: [folders.whatIfs], fleetPolicyKey: r.fleetPolicyKey });
  if (r.objectLock) role.addToPrincipalPolicy(allow(['s3:PutObjectRetention'], [bucket.arnForObjects(`${folders.whatIfs}*`)]));
  role.addToPrincipalPolicy(keyUse(r.key, ['s3']));
  assumeMemberRoles(role, r.fleet);
  describeOwnClusters(role, r.fleet);
  acknowledgeStarResource(role, r.tracing ? [XRAY_REASON] : []);
}

export function grantReport(role: Role, r: ReportResources): void {
  const { folders } = r;
  // Write-once: a retried delivery compares what it would write with what is there.
  useBucket(role, r.bucket, { read: [...chainFolders(folders), folders.fleetReports], write: [folders.fleetReports] });
  role.addToPrincipalPolicy(keyUse(r.key, ['s3']));
  acknowledgeStarResource(role, r.tracing ? [XRAY_REASON] : []);
}

export function grantWatchdog(role: Role, r: WatchdogResources): void {
  const { folders } = r;
  useBucket(role, r.bucket, { read: [...chainFolders(folders), folders.runs, folders.lapses], write: [folders.lapses] });
  role.addToPrincipalPolicy(allow(['sns:Publish'], [r.alerts.topicArn]));
  role.addToPrincipalPolicy(keyUse(r.key, ['s3', 'sns']));
  acknowledgeStarResource(role, r.tracing ? [XRAY_REASON] : []);
}
