// The dry-run answer from raw answers as the apiserver writes them (Status bodies, Warning headers
// as Node hands them over: repeated headers comma-joined, UTF-8 as one character per byte).
import { describe, expect, it } from 'vitest';
import { ClusterRequestError } from '../scan/cluster-reader.ts';
import { dryRunAnswer } from './dry-run-answer.ts';
import type { RawResponse } from './http-exchange.ts';

const REQUEST = 'PATCH /api/v1/namespaces/team-a?dryRun=All';

function answer(response: Partial<RawResponse> & { status: number }) {
  return { response: { headers: {}, body: '', ...response }, attempts: 1 };
}

function statusBody(code: number, reason: string, message: string, causes?: Array<{ field: string; message: string }>): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code, ...(causes ? { details: { causes } } : {}) });
}

describe('dryRunAnswer', () => {
  it('reads every warning of a comma-joined Warning header, in order', () => {
    const header = [
      '299 - "existing pods in namespace \\"team-a\\" violate the new PodSecurity enforce level \\"restricted:latest\\""',
      '299 - "web-1 (and 2 other pods): allowPrivilegeEscalation != false, unrestricted capabilities"',
    ].join(', ');
    expect(dryRunAnswer(REQUEST, answer({ status: 200, headers: { warning: header } }))).toEqual({
      kind: 'answered',
      warnings: [
        'existing pods in namespace "team-a" violate the new PodSecurity enforce level "restricted:latest"',
        'web-1 (and 2 other pods): allowPrivilegeEscalation != false, unrestricted capabilities',
      ],
      warningParseErrors: [],
    });
  });

  it('decodes UTF-8 pod names from the byte string Node gives', () => {
    const bytes = Buffer.from('299 - "café: privileged"', 'utf8').toString('latin1');
    expect(dryRunAnswer(REQUEST, answer({ status: 200, headers: { warning: bytes } }))).toMatchObject({ warnings: ['café: privileged'] });
  });

  it('answers with no warnings when there is no Warning header', () => {
    expect(dryRunAnswer(REQUEST, answer({ status: 200 }))).toEqual({ kind: 'answered', warnings: [], warningParseErrors: [] });
  });

  it('keeps a malformed warning as a parse error instead of losing it silently', () => {
    expect(dryRunAnswer(REQUEST, answer({ status: 200, headers: { warning: '299 - unquoted' } }))).toEqual({
      kind: 'answered',
      warnings: [],
      warningParseErrors: ['invalid warning header: invalid quoted string: missing initial quote'],
    });
  });

  it('reads 422 as invalid, with the message and causes as field: message', () => {
    const body = statusBody(422, 'Invalid', 'Namespace "team-a" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "bogus"', [
      { field: 'metadata.labels[pod-security.kubernetes.io/enforce]', message: 'Invalid value: "bogus": must be one of privileged, baseline, restricted' },
    ]);
    expect(dryRunAnswer(REQUEST, answer({ status: 422, body }))).toEqual({
      kind: 'invalid',
      message: 'Namespace "team-a" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "bogus"',
      causes: ['metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "bogus": must be one of privileged, baseline, restricted'],
    });
  });

  it('reads an RBAC 403 as forbidden', () => {
    const message = 'namespaces "team-a" is forbidden: User "psa-nobody" cannot patch resource "namespaces" in API group "" in the namespace "team-a"';
    expect(dryRunAnswer(REQUEST, answer({ status: 403, body: statusBody(403, 'Forbidden', message) }))).toEqual({ kind: 'forbidden', message });
  });

  it('reads an admission 403 and a webhook 400 as refused, with status, reason and message', () => {
    const denied = "namespaces \"team-a\" is forbidden: ValidatingAdmissionPolicy 'no-labels' with binding 'no-labels' denied request: no";
    expect(dryRunAnswer(REQUEST, answer({ status: 403, body: statusBody(403, 'Forbidden', denied) }))).toEqual({
      kind: 'refused',
      status: 403,
      reason: 'Forbidden',
      message: denied,
    });
    const webhook = 'admission webhook "labels.example.com" does not support dry run';
    expect(dryRunAnswer(REQUEST, answer({ status: 400, body: statusBody(400, 'BadRequest', webhook) }))).toEqual({
      kind: 'refused',
      status: 400,
      reason: 'BadRequest',
      message: webhook,
    });
  });

  it('throws not-found when the namespace is gone', () => {
    const call = () => dryRunAnswer(REQUEST, answer({ status: 404, body: statusBody(404, 'NotFound', 'namespaces "team-a" not found') }));
    expect(call).toThrow(ClusterRequestError);
    expect(call).toThrow(expect.objectContaining({ kind: 'not-found', request: REQUEST, status: 404 }));
  });

  it('reports a refusal whose body is no Status by its text', () => {
    expect(dryRunAnswer(REQUEST, answer({ status: 409, body: 'conflict\n' }))).toEqual({ kind: 'refused', status: 409, reason: '', message: 'conflict' });
  });
});
