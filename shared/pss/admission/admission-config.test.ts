import { describe, expect, it } from 'vitest';
import { LATEST, v1 } from '../version.ts';
import {
  DEFAULT_ADMISSION_CONFIG,
  isExemptNamespace,
  isExemptRuntimeClass,
  parsePodSecurityConfiguration,
} from './admission-config.ts';
import {
  KUBERNETES_DEFAULT_POD_SECURITY,
  POD_SECURITY_CONFIGURATION_API_VERSION,
  POD_SECURITY_CONFIGURATION_KIND,
  podSecurityConfigurationDocument,
} from './pod-security-configuration.ts';

const typeMeta = { apiVersion: POD_SECURITY_CONFIGURATION_API_VERSION, kind: POD_SECURITY_CONFIGURATION_KIND };

function errorsOf(value: unknown): string[] {
  const parsed = parsePodSecurityConfiguration(value);
  return parsed.ok ? [] : parsed.errors;
}

describe('parsePodSecurityConfiguration', () => {
  it("reads Kubernetes' default document as DEFAULT_ADMISSION_CONFIG", () => {
    // Act
    const parsed = parsePodSecurityConfiguration(podSecurityConfigurationDocument(KUBERNETES_DEFAULT_POD_SECURITY));

    // Assess
    expect(parsed).toEqual({ ok: true, config: DEFAULT_ADMISSION_CONFIG });
  });

  it('reads an empty document (type metadata only) as DEFAULT_ADMISSION_CONFIG too', () => {
    expect(parsePodSecurityConfiguration(typeMeta)).toEqual({ ok: true, config: DEFAULT_ADMISSION_CONFIG });
  });

  it('reads defaults with levels and versions, and exemptions', () => {
    // Prepare
    const value = {
      ...typeMeta,
      defaults: { enforce: 'baseline', 'enforce-version': 'v1.30', audit: 'restricted', 'audit-version': 'latest', warn: 'restricted', 'warn-version': 'v1.31' },
      exemptions: { usernames: ['system:serviceaccount:kube-system:replicaset-controller'], namespaces: ['kube-system'], runtimeClasses: ['kata.x-k8s.io'] },
    };

    // Act
    const parsed = parsePodSecurityConfiguration(value);

    // Assess
    expect(parsed).toEqual({
      ok: true,
      config: {
        defaults: {
          enforce: { level: 'baseline', version: v1(30) },
          audit: { level: 'restricted', version: LATEST },
          warn: { level: 'restricted', version: v1(31) },
        },
        exemptions: { usernames: ['system:serviceaccount:kube-system:replicaset-controller'], namespaces: ['kube-system'], runtimeClasses: ['kata.x-k8s.io'] },
      },
    });
  });

  it('fills unset and empty defaults with privileged and latest', () => {
    // Act
    const parsed = parsePodSecurityConfiguration({ ...typeMeta, defaults: { enforce: '', audit: 'baseline' } });

    // Assess
    expect(parsed).toEqual({
      ok: true,
      config: {
        defaults: { ...DEFAULT_ADMISSION_CONFIG.defaults, audit: { level: 'baseline', version: LATEST } },
        exemptions: { usernames: [], namespaces: [], runtimeClasses: [] },
      },
    });
  });

  it('accepts the v1beta1 and v1alpha1 versions of the same kind', () => {
    for (const version of ['v1beta1', 'v1alpha1']) {
      expect(parsePodSecurityConfiguration({ apiVersion: `pod-security.admission.config.k8s.io/${version}`, kind: 'PodSecurityConfiguration' }).ok).toBe(true);
    }
  });

  it('refuses another apiVersion or kind, naming the field', () => {
    // Act
    const errors = errorsOf({ apiVersion: 'apiserver.config.k8s.io/v1', kind: 'AdmissionConfiguration' });

    // Assess
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^apiVersion: Unsupported value: "apiserver.config.k8s.io\/v1"/);
    expect(errors[1]).toMatch(/^kind: Unsupported value: "AdmissionConfiguration"/);
  });

  it('refuses unknown fields, as the strict decoder does', () => {
    // Act
    const errors = errorsOf({ ...typeMeta, deflaults: {}, exemptions: { users: [] } });

    // Assess
    expect(errors).toEqual(['deflaults: unknown field "deflaults"', 'exemptions.users: unknown field "users"']);
  });

  it('refuses invalid levels and versions in enforce, warn, audit order', () => {
    // Act
    const errors = errorsOf({ ...typeMeta, defaults: { audit: 'loose', warn: 'strict', 'enforce-version': 'v1' } });

    // Assess
    expect(errors).toEqual([
      'defaults.enforce-version: Invalid value: "v1": must be "latest" or "v1.x"',
      'defaults.warn: Invalid value: "strict": must be one of privileged, baseline, restricted',
      'defaults.audit: Invalid value: "loose": must be one of privileged, baseline, restricted',
    ]);
  });

  it('refuses a value of the wrong type, naming the field', () => {
    // Act
    const errors = errorsOf({ ...typeMeta, defaults: { enforce: 3 }, exemptions: { namespaces: 'kube-system' } });

    // Assess
    expect(errors).toEqual([
      'defaults.enforce: Invalid type: expected string, got number',
      'exemptions.namespaces: Invalid type: expected list of strings, got string',
    ]);
  });

  it('refuses exempt namespaces that are not DNS labels', () => {
    // Act
    const errors = errorsOf({ ...typeMeta, exemptions: { namespaces: ['Kube-System', 'a.b'] } });

    // Assess
    expect(errors).toEqual([
      `exemptions.namespaces[0]: Invalid value: "Kube-System": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      'exemptions.namespaces[1]: Invalid value: "a.b": must not contain dots',
    ]);
  });

  it('refuses exempt runtime classes that are not DNS subdomains', () => {
    // Act
    const errors = errorsOf({ ...typeMeta, exemptions: { runtimeClasses: ['gVisor'] } });

    // Assess
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^exemptions\.runtimeClasses\[0\]: Invalid value: "gVisor": a lowercase RFC 1123 subdomain/);
  });

  it('refuses empty usernames and duplicates in any exemption list', () => {
    // Act
    const errors = errorsOf({ ...typeMeta, exemptions: { usernames: ['', 'ci', 'ci'], namespaces: ['x', 'x'] } });

    // Assess
    expect(errors).toEqual([
      'exemptions.namespaces[1]: Duplicate value: "x"',
      'exemptions.usernames[0]: Invalid value: "": username must not be empty',
      'exemptions.usernames[2]: Duplicate value: "ci"',
    ]);
  });

  it('refuses something that is not an object', () => {
    expect(errorsOf('PodSecurityConfiguration')).toEqual(['PodSecurityConfiguration: must be an object']);
  });
});

describe('exemptions', () => {
  const config = {
    ...DEFAULT_ADMISSION_CONFIG,
    exemptions: { usernames: ['admin'], namespaces: ['kube-system'], runtimeClasses: ['kata'] },
  };

  it('matches exact names only', () => {
    expect(isExemptNamespace(config, 'kube-system')).toBe(true);
    expect(isExemptNamespace(config, 'kube-system2')).toBe(false);
    expect(isExemptRuntimeClass(config, 'kata')).toBe(true);
    expect(isExemptRuntimeClass(config, 'runc')).toBe(false);
  });

  it('never exempts an empty or missing name', () => {
    // Prepare
    const withEmpty = { ...config, exemptions: { usernames: [''], namespaces: [''], runtimeClasses: [''] } };

    // Act / Assess
    expect(isExemptNamespace(withEmpty, '')).toBe(false);
    expect(isExemptRuntimeClass(withEmpty, '')).toBe(false);
  });
});
