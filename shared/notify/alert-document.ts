// The structured alert that machines receive (SQS, Lambda, HTTPS subscribers; the report sink; the
// file notifier): one cluster scan's findings with what a subscriber routes on. One zod schema for
// the type and for a subscriber (or a test) reading it back.
//
// Two forms with one shape: `findings` holds every finding, or, when that would not fit in one SNS
// message, it is null and `report` names the object that holds the full document.
import { z } from 'zod';
import { findingSchema } from '../drift/finding.ts';
import { FINDING_KINDS, SEVERITIES, type FindingKind } from '../drift/finding-catalogue.ts';

export const ALERT_API_VERSION = 'psa-fleet-scanner/v1';
export const ALERT_KIND = 'DriftAlert';

const severityCounts = z.object(Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int()])) as Record<(typeof SEVERITIES)[number], z.ZodNumber>);

export const alertDocumentSchema = z.object({
  apiVersion: z.literal(ALERT_API_VERSION),
  kind: z.literal(ALERT_KIND),
  cluster: z.object({ account: z.string(), region: z.string(), name: z.string() }),
  scannedAt: z.iso.datetime().describe('When the scan that produced the findings started.'),
  snapshotKey: z.string().nullable().describe("The scan's snapshot in the store, when it was stored."),
  highestSeverity: z.enum(SEVERITIES),
  goodNewsOnly: z.boolean().describe('Every finding is good news (violations resolved, ready to promote).'),
  findingCount: z.number().int(),
  counts: severityCounts.describe('Findings per severity.'),
  kinds: z.array(z.enum(FINDING_KINDS as [FindingKind, ...FindingKind[]])).describe('The kinds present, worst first.'),
  findings: z.array(findingSchema).nullable().describe('Worst first; null when they are in the report.'),
  report: z
    .object({
      key: z.string().describe('The key the report sink wrote it under.'),
      location: z.string().describe('Where that is: s3://bucket/key, or a file path.'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      bytes: z.number().int(),
    })
    .nullable()
    .describe('The full document (with every finding), written before the message was published because the message would have passed the SNS size limit.'),
});
export type AlertDocument = z.infer<typeof alertDocumentSchema>;
