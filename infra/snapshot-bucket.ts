// Where the snapshots live: a bucket auditors can trust, and the bucket its access logs go to.
//
// - Versioned, with Object Lock enabled but no default retention: the scan function puts each
//   snapshot with its own retention (OBJECT_LOCK_MODE/DAYS, shared/store/s3-object-storage.ts).
//   A bucket default would also lock the staging objects (which the store deletes after every
//   append) and every version of the replaceable pointers, and lifecycle cannot expire a locked
//   version before its date.
// - SSE-KMS with the stack's customer-managed key and an S3 Bucket Key (fewer KMS requests), TLS
//   only, public access blocked, ACLs off.
// - Lifecycle: objects move to Standard-IA, then Glacier Instant Retrieval (still readable at
//   once, for auditors); S3 leaves objects under 128 KB where they are (the default minimum
//   transition size), so only big snapshots move. Replaced pointer versions are kept 30 days: the
//   chain itself is in the snapshots.
// - Staging: every append deletes its staging object, leaving a noncurrent version (a copy of a
//   snapshot) that expires after 7 days. A current staging object is garbage after a lost race
//   whose cleanup failed, but it can also be a chain's head: an append that stopped between its
//   pointer write and its final write leaves the head only in staging until the cluster's next
//   append rolls it forward (the SQS retry, or the next run; chained-snapshot-store.ts). Age
//   cannot tell the two apart, so current staging objects expire late (stagingExpirationDays,
//   30 by default: a cluster unscanned that long), and the expired one stays recoverable as a
//   noncurrent version for 7 more days. S3 removes the delete markers left behind once they are
//   as old as the rule's days.
// - The watchdog's lapse ledger (one marker per lapse paged, a few hundred bytes) must outlive the
//   lapse it suppresses. Most lapse keys change with each run or window, but a cluster gone from
//   discovery keeps its key while its chain stays in the store (Object Lock may keep it for years):
//   its marker expiring pages it once more. A year: a yearly reminder of a cluster decommissioned
//   without a word, not a monthly one. Run markers, what-ifs and reports stay: they are the record
//   of what ran and what was found.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { bucketFolders } from './bucket-layout.ts';

export interface SnapshotBucketProps {
  readonly key: IKey;
  /** The store's prefix: `''` or ending in `/`. */
  readonly prefix: string;
  readonly infrequentAccessAfterDays: number;
  readonly glacierInstantRetrievalAfterDays: number;
  readonly accessLogRetentionDays: number;
  readonly stagingExpirationDays: number;
}

/** How long a lapse marker is kept (shared/watchdog/lapse-key.ts). */
export const LAPSE_MARKER_DAYS = 365;

export class SnapshotBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: SnapshotBucketProps) {
    super(scope, id);
    // S3 delivers access logs under a bucket policy (not the legacy log-delivery ACL), so the log
    // bucket can keep ACLs disabled. A feature flag in CDK, set here so the stack does not depend
    // on the app's cdk.json.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const folders = bucketFolders(props.prefix);

    // Server access logs cannot be delivered to an SSE-KMS bucket: SSE-S3 here.
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(props.accessLogRetentionDays),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });

    this.bucket = new Bucket(this, 'Snapshots', {
      versioned: true,
      objectLockEnabled: true,
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'snapshots-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'cheaper-storage-with-age',
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(props.infrequentAccessAfterDays) },
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(props.glacierInstantRetrievalAfterDays) },
          ],
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        {
          id: 'expire-staging',
          prefix: folders.staging,
          expiration: Duration.days(props.stagingExpirationDays),
          noncurrentVersionExpiration: Duration.days(7),
        },
        {
          id: 'expire-replaced-pointers',
          prefix: folders.pointers,
          noncurrentVersionExpiration: Duration.days(30),
        },
        {
          id: 'expire-watchdog-lapses',
          prefix: folders.lapses,
          expiration: Duration.days(LAPSE_MARKER_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
    });
  }
}
