// The AWS side of the local fleet, in moto, as the CDK stacks would leave it: in the scanner's
// account a snapshot bucket (versioning and Object Lock), the alert topic, the work queue with its
// DLQ (redrive after maxReceiveCount receives), and an SQS queue subscribed to the topic so the
// alerts can be read back; in the member accounts their EKS clusters. Each account's resources are
// made with credentials moto issued for a role in that account (moto keys its state by the account
// of the access key), and each function runs with credentials of its own execution role.
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentials } from '../../../shared/kube/eks-token.ts';

/** moto takes any keys; fixed ones keep the developer's AWS settings out. */
export const BASE_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;
export const SCANNER_ACCOUNT = '400000000000';
export const SCANNER_REGION = 'eu-west-1';

export function memberRoleArn(account: string): string {
  return `arn:aws:iam::${account}:role/psa-scanner`;
}

/** Credentials moto issues for `role` in `account`: what belongs to that account is made with them. */
export async function roleCredentials(moto: string, account: string, role: string): Promise<AwsCredentials> {
  const sts = new STSClient({ endpoint: moto, region: SCANNER_REGION, credentials: BASE_CREDENTIALS });
  try {
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${role}`, RoleSessionName: role }));
    if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) throw new Error(`AssumeRole ${role} in ${account} gave no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken === undefined ? {} : { sessionToken: c.SessionToken }) };
  } finally {
    sts.destroy();
  }
}

export interface EksClusterSpec {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export function clusterArn(cluster: Pick<EksClusterSpec, 'name' | 'account' | 'region'>): string {
  return `arn:aws:eks:${cluster.region}:${cluster.account}:cluster/${cluster.name}`;
}

export interface FleetAwsOptions {
  readonly clusters: readonly EksClusterSpec[];
  readonly fleetPolicyKey: string;
  readonly fleetPolicyYaml: string;
  /** The work queue's redrive maxReceiveCount. */
  readonly maxReceiveCount: number;
  /** Small, so a failed item comes back quickly. */
  readonly visibilityTimeoutSeconds: number;
}

export interface FleetAws {
  readonly moto: string;
  readonly bucket: string;
  readonly topicArn: string;
  readonly workQueueUrl: string;
  readonly workQueueArn: string;
  readonly dlqUrl: string;
  /** Subscribed to the topic without raw delivery: each message is the SNS envelope (Subject, Message). */
  readonly alertQueueUrl: string;
  readonly kmsKeyId: string;
  /** Clients in the scanner's account, for the operator's side of the demo and the test. */
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  /** Each function's execution role credentials, as Lambda puts them in its environment. */
  readonly functionCredentials: { readonly dispatch: AwsCredentials; readonly scan: AwsCredentials };
  destroy(): void;
}

async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.['QueueArn'];
  if (arn === undefined) throw new Error(`no QueueArn for ${queueUrl}`);
  return arn;
}

export async function setUpFleetAws(moto: string, options: FleetAwsOptions): Promise<FleetAws> {
  const admin = await roleCredentials(moto, SCANNER_ACCOUNT, 'platform-admin');
  const aws = { endpoint: moto, region: SCANNER_REGION, credentials: admin };
  const s3 = new S3Client({ ...aws, forcePathStyle: true });
  const sqs = new SQSClient(aws);
  const sns = new SNSClient(aws);
  try {
    const bucket = 'psa-fleet-snapshots';
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true, CreateBucketConfiguration: { LocationConstraint: SCANNER_REGION } }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: options.fleetPolicyKey, Body: options.fleetPolicyYaml, ContentType: 'application/yaml' }));

    const { QueueUrl: dlqUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'psa-fleet-work-dlq' }));
    const { QueueUrl: workQueueUrl = '' } = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'psa-fleet-work',
        Attributes: {
          VisibilityTimeout: String(options.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await queueArn(sqs, dlqUrl), maxReceiveCount: options.maxReceiveCount }),
        },
      }),
    );

    const { TopicArn: topicArn = '' } = await sns.send(new CreateTopicCommand({ Name: 'psa-fleet-alerts' }));
    const { QueueUrl: alertQueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'psa-fleet-alerts-inbox' }));
    // No RawMessageDelivery attribute at all: moto takes the string "false" as true (notify-sns.test.ts).
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: await queueArn(sqs, alertQueueUrl) }));

    for (const cluster of options.clusters) {
      const eks = new EKSClient({ endpoint: moto, region: cluster.region, credentials: await roleCredentials(moto, cluster.account, 'eks-admin') });
      try {
        await eks.send(
          new CreateClusterCommand({
            name: cluster.name,
            roleArn: `arn:aws:iam::${cluster.account}:role/eks-cluster`,
            resourcesVpcConfig: { subnetIds: ['subnet-1'] },
            ...(cluster.tags === undefined ? {} : { tags: { ...cluster.tags } }),
          }),
        );
      } finally {
        eks.destroy();
      }
    }

    const functionCredentials = {
      dispatch: await roleCredentials(moto, SCANNER_ACCOUNT, 'psa-fleet-dispatch'),
      scan: await roleCredentials(moto, SCANNER_ACCOUNT, 'psa-fleet-scan'),
    };
    return {
      moto,
      bucket,
      topicArn,
      workQueueUrl,
      workQueueArn: await queueArn(sqs, workQueueUrl),
      dlqUrl,
      alertQueueUrl,
      // moto accepts any key id for SSE-KMS: what the request carries is what is checked.
      kmsKeyId: `arn:aws:kms:${SCANNER_REGION}:${SCANNER_ACCOUNT}:key/5e1f0c2a-psa-fleet-demo`,
      s3,
      sqs,
      functionCredentials,
      destroy: () => {
        s3.destroy();
        sqs.destroy();
      },
    };
  } catch (error) {
    s3.destroy();
    sqs.destroy();
    throw error;
  } finally {
    sns.destroy();
  }
}
