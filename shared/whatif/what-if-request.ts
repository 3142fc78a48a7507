// What an ad-hoc what-if is asked with (lambdas/adhoc, or any caller outside the CLI): which
// cluster and which version, parsed once at the edge into typed values, every problem naming its
// field. The handler is then: parse -> connect -> whatIfUpgrade -> WhatIfStore.put.
import { z } from 'zod';
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import type { Version } from '../pss/version.ts';
import { parseTargetVersion } from './target-version.ts';

const whatIfRequestSchema = z.strictObject({
  cluster: z.strictObject({
    account: z.string().regex(/^([0-9]{12}|local)$/, 'must be a 12-digit AWS account ID (or local)'),
    region: z.string().min(1),
    name: z.string().min(1),
  }),
  toVersion: z.string().describe('The Kubernetes version of the upgrade: v1.N or 1.N.'),
  requestId: z.string().min(1).optional(),
});

export interface WhatIfRequest {
  readonly cluster: ClusterIdentity;
  readonly upgradeTo: Version;
  readonly requestId: string | undefined;
}

export type ParsedWhatIfRequest = { readonly ok: true; readonly request: WhatIfRequest } | { readonly ok: false; readonly errors: readonly string[] };

export function parseWhatIfRequest(value: unknown): ParsedWhatIfRequest {
  const parsed = whatIfRequestSchema.safeParse(value);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(request)'}: ${issue.message}`) };
  const target = parseTargetVersion(parsed.data.toVersion, 'toVersion');
  if (!target.ok) return { ok: false, errors: [target.message] };
  return { ok: true, request: { cluster: parsed.data.cluster, upgradeTo: target.version, requestId: parsed.data.requestId } };
}
