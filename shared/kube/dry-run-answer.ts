// What the apiserver's answer to a dry-run namespace label patch says, as the scan's DryRunAnswer.
import { ClusterRequestError, type DryRunAnswer } from '../scan/cluster-reader.ts';
import { parseWarningHeader } from '../pss/admission/warning-headers.ts';
import type { Answer } from './request-policy.ts';
import { parseStatusBody } from './status-body.ts';

// RBAC refusals read `namespaces "x" is forbidden: User "u" cannot patch resource "namespaces" in
// API group "" at the cluster scope` (k8s.io/apiserver pkg/endpoints/handlers/responsewriters
// errors.go forbiddenMessage). Admission refusals are 403 too when a policy or webhook says so
// (`... is forbidden: ValidatingAdmissionPolicy '...' denied request`): those are `refused`.
const RBAC_REFUSAL = /\bis forbidden: User ".*" cannot /;

/**
 * 2xx: the `Warning` texts, read with the engine's parser (repeated headers arrive joined with
 * ", ", as http-exchange.ts hands them over; the parser reads that as the list it
 * is). 422: invalid labels. 403 from RBAC: forbidden. 404: the namespace is gone
 * (ClusterRequestError not-found). Any other status: refused.
 */
export function dryRunAnswer(request: string, answer: Answer): DryRunAnswer {
  const { status, headers, body } = answer.response;
  if (status >= 200 && status < 300) {
    const header = headers['warning'];
    if (header === undefined) return { kind: 'answered', warnings: [], warningParseErrors: [] };
    const parsed = parseWarningHeader(header);
    return { kind: 'answered', warnings: parsed.warnings.map((w) => w.text), warningParseErrors: parsed.errors };
  }
  const refusal = parseStatusBody(body);
  if (status === 404) {
    throw new ClusterRequestError('not-found', request, `${request}: 404 ${refusal.message || refusal.reason}`, { status, attempts: answer.attempts });
  }
  if (status === 422) return { kind: 'invalid', message: refusal.message, causes: refusal.causes };
  if (status === 403 && RBAC_REFUSAL.test(refusal.message)) return { kind: 'forbidden', message: refusal.message };
  return { kind: 'refused', status, reason: refusal.reason, message: refusal.message };
}
