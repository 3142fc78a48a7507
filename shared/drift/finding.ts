// A finding: what changed (or stands) in one cluster, how bad it is, a line for a phone, and the
// evidence behind it. One zod schema for the type and the JSON that subscribers receive.
import { z } from 'zod';
import { FINDING_KINDS, SEVERITIES, type FindingKind } from './finding-catalogue.ts';

const workloadEvidence = z.object({
  kind: z.string(),
  name: z.string(),
  pods: z.array(z.string()).describe('Violating live pods (at most 20 named).'),
  podCount: z.number().int(),
  reasons: z.array(z.string()).describe('Short reasons, as the apiserver aggregates them.'),
  template: z.boolean().describe('The pod template violates too (or alone, when nothing runs).'),
});
export type WorkloadEvidence = z.infer<typeof workloadEvidence>;

export const findingSchema = z.object({
  kind: z.enum(FINDING_KINDS as [FindingKind, ...FindingKind[]]),
  severity: z.enum(SEVERITIES),
  cluster: z.object({ account: z.string(), region: z.string(), name: z.string() }),
  namespace: z.string().nullable(),
  summary: z.string().describe('One line a person reads on a phone.'),
  evidence: z.object({
    labelsBefore: z.record(z.string(), z.string()).nullable().optional(),
    labelsAfter: z.record(z.string(), z.string()).nullable().optional(),
    stateBefore: z.string().nullable().optional(),
    stateAfter: z.string().nullable().optional(),
    levelVersion: z.string().optional().describe('The level:version the workloads are judged at.'),
    workloads: z.array(workloadEvidence).optional(),
    warnings: z.array(z.string()).optional().describe("The server's own warnings for the sweep."),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional(),
  }),
});
export type Finding = z.infer<typeof findingSchema>;
