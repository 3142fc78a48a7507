// moto answers the AWS SDK v3 clients the product uses: S3, SNS, SQS, STS, EKS.

import { CreateClusterCommand, DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { servers } from './support/kube.ts';

function clientConfig(): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } } {
  const endpoint = servers().motoEndpoint;
  if (endpoint === undefined) throw new Error('the harness was started without moto');
  // moto accepts any credentials; fixed ones keep the developer's own AWS settings out of the tests.
  return { endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
}

describe('moto', () => {
  it('stores and returns an S3 object', async () => {
    const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'snapshots', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    await s3.send(new PutObjectCommand({ Bucket: 'snapshots', Key: 'c1/1.json', Body: '{"v":1}' }));
    const object = await s3.send(new GetObjectCommand({ Bucket: 'snapshots', Key: 'c1/1.json' }));
    expect(await object.Body?.transformToString()).toBe('{"v":1}');
  });

  it('delivers an SNS publication to a subscribed SQS queue', async () => {
    const sns = new SNSClient(clientConfig());
    const sqs = new SQSClient(clientConfig());
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'drift' }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'drift-reader' }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await sns.send(new SubscribeCommand({
      TopicArn, Protocol: 'sqs', Endpoint: Attributes?.['QueueArn'], Attributes: { RawMessageDelivery: 'true' },
    }));
    await sns.send(new PublishCommand({ TopicArn, Subject: 'drift', Message: 'namespace web regressed' }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(Messages?.map((m) => m.Body)).toEqual(['namespace web regressed']);
  });

  it('answers STS GetCallerIdentity', async () => {
    const identity = await new STSClient(clientConfig()).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toMatch(/^\d{12}$/);
  });

  it('creates, lists and describes an EKS cluster', async () => {
    const eks = new EKSClient(clientConfig());
    await eks.send(new CreateClusterCommand({
      name: 'fleet-a', roleArn: 'arn:aws:iam::123456789012:role/eks', resourcesVpcConfig: { subnetIds: ['subnet-1'] },
    }));
    expect((await eks.send(new ListClustersCommand({}))).clusters).toContain('fleet-a');
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'fleet-a' }));
    expect(cluster?.name).toBe('fleet-a');
    expect(cluster?.endpoint).toMatch(/^https:\/\//);
  });
});
