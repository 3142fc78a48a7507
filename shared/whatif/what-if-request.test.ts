import { describe, expect, it } from 'vitest';
import { v1 } from '../pss/version.ts';
import { parseWhatIfRequest } from './what-if-request.ts';

const CLUSTER = { account: '111122223333', region: 'eu-west-1', name: 'prod-eu' };

describe('parseWhatIfRequest', () => {
  it('reads a cluster and a version in either spelling', () => {
    expect(parseWhatIfRequest({ cluster: CLUSTER, toVersion: '1.31', requestId: 'abc' })).toEqual({ ok: true, request: { cluster: CLUSTER, upgradeTo: v1(31), requestId: 'abc' } });
    expect(parseWhatIfRequest({ cluster: CLUSTER, toVersion: 'v1.31' })).toEqual({ ok: true, request: { cluster: CLUSTER, upgradeTo: v1(31), requestId: undefined } });
  });

  it('names every field that is wrong', () => {
    expect(parseWhatIfRequest({ cluster: { ...CLUSTER, account: 'prod' }, toVersion: 31, extra: 1 })).toEqual({
      ok: false,
      errors: ['cluster.account: must be a 12-digit AWS account ID (or local)', 'toVersion: Invalid input: expected string, received number', '(request): Unrecognized key: "extra"'],
    });
    expect(parseWhatIfRequest({ cluster: CLUSTER, toVersion: 'latest' })).toEqual({
      ok: false,
      errors: ['toVersion: Invalid value: "latest": must be a Kubernetes version v1.N or 1.N, e.g. v1.37'],
    });
    expect(parseWhatIfRequest(null)).toEqual({ ok: false, errors: ['(request): Invalid input: expected object, received null'] });
  });
});
