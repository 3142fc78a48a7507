import { describe, expect, it } from 'vitest';
import { DEFAULT_ADMISSION_CONFIG, type AdmissionConfig } from '../pss/admission/admission-config.ts';
import { evaluateNamespaceUpdate } from '../pss/admission/namespace-update.ts';
import { checkSetKey } from '../pss/evaluate.ts';
import type { Level } from '../pss/level.ts';
import { LATEST, parseVersion, v1, versionOnServer, versionString, type Version } from '../pss/version.ts';
import { equivalentVersions, planDryRun } from './plan-dry-run.ts';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const ENFORCE_VERSION = 'pod-security.kubernetes.io/enforce-version';
const SERVER = v1(37);

function version(text: string): Version {
  const parsed = parseVersion(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.version;
}

function plan(labels: Record<string, string>, level: Level, versionText: string, config: AdmissionConfig = DEFAULT_ADMISSION_CONFIG, serverVersion = SERVER) {
  return planDryRun({ name: 'team-a', labels }, { level, version: version(versionText) }, { config, serverVersion });
}

describe('planDryRun', () => {
  it('sends the asked level and version when that changes the enforce policy', () => {
    expect(plan({}, 'restricted', 'v1.30')).toEqual({
      kind: 'dry-run',
      patch: { [ENFORCE]: 'restricted', [ENFORCE_VERSION]: 'v1.30' },
      sent: { level: 'restricted', version: v1(30) },
      equivalent: false,
    });
  });

  it('does not re-apply the enforce label in place: it sends a version with the same checks', () => {
    const planned = plan({ [ENFORCE]: 'restricted' }, 'restricted', 'latest');
    expect(planned).toMatchObject({ kind: 'dry-run', equivalent: true, sent: { version: v1(37) } });
  });

  it('for a namespace pinned to the server version, sends the next version (evaluated as the server)', () => {
    const planned = plan({ [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.37' }, 'baseline', 'v1.37');
    expect(planned).toMatchObject({ kind: 'dry-run', equivalent: true, patch: { [ENFORCE_VERSION]: 'v1.38' } });
  });

  it('for an old pin, sends the nearest version with an identical check set', () => {
    const planned = plan({ [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.26' }, 'baseline', 'v1.26');
    expect(planned).toMatchObject({ kind: 'dry-run', patch: { [ENFORCE_VERSION]: 'v1.25' } });
  });

  it('every plan it makes is one the apiserver evaluates, with the checks that were asked for', () => {
    for (const level of ['baseline', 'restricted'] as const) {
      for (const pin of ['latest', ...Array.from({ length: 40 }, (_, m) => `v1.${m}`)]) {
        const labels = { [ENFORCE]: level, [ENFORCE_VERSION]: pin };
        const planned = plan(labels, level, pin);
        if (planned.kind !== 'dry-run') {
          expect(planned).toEqual({ kind: 'offline', because: 'no-equivalent-version' });
          continue;
        }
        const result = evaluateNamespaceUpdate({ namespaceName: 'x', oldLabels: labels, newLabels: { ...labels, ...planned.patch }, pods: [], config: DEFAULT_ADMISSION_CONFIG });
        expect(result.allowed && result.podCheck.kind).toBe('evaluated');
        const asked = checkSetKey({ level, version: versionOnServer(version(pin), SERVER) });
        expect(checkSetKey({ level, version: versionOnServer(planned.sent.version, SERVER) }), `${level}:${pin} sent ${versionString(planned.sent.version)}`).toBe(asked);
      }
    }
  });

  it('needs no dry-run for privileged', () => {
    expect(plan({}, 'privileged', 'latest')).toEqual({ kind: 'not-needed' });
  });

  it('plans one namespace record anew for another admission configuration or server version, and alike for the same', () => {
    const namespace = { name: 'team-a', labels: {} };
    const asked = { level: 'restricted' as const, version: LATEST };
    const exempting = { ...DEFAULT_ADMISSION_CONFIG, exemptions: { ...DEFAULT_ADMISSION_CONFIG.exemptions, namespaces: ['team-a'] } };
    const first = planDryRun(namespace, asked, { config: DEFAULT_ADMISSION_CONFIG, serverVersion: SERVER });
    expect(planDryRun(namespace, asked, { config: DEFAULT_ADMISSION_CONFIG, serverVersion: SERVER })).toBe(first);
    expect(planDryRun(namespace, asked, { config: exempting, serverVersion: SERVER })).toEqual({ kind: 'offline', because: 'namespace-exempt' });
    expect(planDryRun(namespace, { level: 'restricted', version: v1(30) }, { config: DEFAULT_ADMISSION_CONFIG, serverVersion: SERVER })).toMatchObject({
      patch: { [ENFORCE_VERSION]: 'v1.30' },
    });
    const enforced = { name: 'team-a', labels: { [ENFORCE]: 'restricted' } };
    expect(planDryRun(enforced, asked, { config: DEFAULT_ADMISSION_CONFIG, serverVersion: SERVER })).toMatchObject({ patch: { [ENFORCE_VERSION]: 'v1.37' } });
    expect(planDryRun(enforced, asked, { config: DEFAULT_ADMISSION_CONFIG, serverVersion: v1(24) })).toMatchObject({ patch: { [ENFORCE_VERSION]: 'v1.24' } });
  });

  it('goes offline for an exempt namespace', () => {
    const config = { ...DEFAULT_ADMISSION_CONFIG, exemptions: { ...DEFAULT_ADMISSION_CONFIG.exemptions, namespaces: ['team-a'] } };
    expect(plan({}, 'restricted', 'latest', config)).toEqual({ kind: 'offline', because: 'namespace-exempt' });
  });

  it('goes offline when the namespace labels are invalid in a way any patch is refused for', () => {
    const labels = { [ENFORCE]: 'strict', 'pod-security.kubernetes.io/audit': 'loud' };
    expect(plan(labels, 'restricted', 'latest')).toEqual({ kind: 'offline', because: 'invalid-labels' });
  });

  it('on an older server, evaluates versions newer than it as the server', () => {
    // On a 1.24 server, latest, v1.24 and v1.25+ all evaluate as v1.24.
    const found = equivalentVersions({ level: 'restricted', version: LATEST }, v1(24)).map(versionString);
    expect(found.slice(0, 2)).toEqual(['v1.24', 'v1.25']);
    expect(found).not.toContain('v1.26');
  });
});
