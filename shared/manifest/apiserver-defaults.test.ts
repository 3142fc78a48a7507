import { describe, expect, it } from 'vitest';
import { withApiserverDefaults } from './apiserver-defaults.ts';

describe('withApiserverDefaults', () => {
  it('turns a volume with no source into an emptyDir, as SetDefaults_Volume does', () => {
    const spec = { volumes: [{ name: 'scratch' }, { name: 'conf', configMap: { name: 'c' } }] };

    expect(withApiserverDefaults(spec, false)).toEqual({
      volumes: [{ name: 'scratch', emptyDir: {} }, { name: 'conf', configMap: { name: 'c' } }],
    });
  });

  it('treats a source the API does not know (Go drops it) as no source', () => {
    expect(withApiserverDefaults({ volumes: [{ name: 'v', hostpath: { path: '/' } }] }, true)).toEqual({
      volumes: [{ name: 'v', hostpath: { path: '/' }, emptyDir: {} }],
    });
  });

  it('leaves a restricted source alone', () => {
    const spec = { volumes: [{ name: 'root', hostPath: { path: '/' } }] };

    expect(withApiserverDefaults(spec, true)).toEqual(spec);
  });

  it('makes container ports host ports for a Pod on the host network', () => {
    const spec = {
      hostNetwork: true,
      containers: [{ name: 'a', ports: [{ containerPort: 80 }, { containerPort: 443, hostPort: 8443 }, { containerPort: 53, hostPort: 0 }] }],
      initContainers: [{ name: 'i', ports: [{ containerPort: 9000 }] }],
      ephemeralContainers: [{ name: 'e', ports: [{ containerPort: 7000 }] }],
    };

    expect(withApiserverDefaults(spec, true)).toEqual({
      hostNetwork: true,
      containers: [{ name: 'a', ports: [{ containerPort: 80, hostPort: 80 }, { containerPort: 443, hostPort: 8443 }, { containerPort: 53, hostPort: 53 }] }],
      initContainers: [{ name: 'i', ports: [{ containerPort: 9000, hostPort: 9000 }] }],
      // defaultHostNetworkPorts is not applied to ephemeral containers.
      ephemeralContainers: [{ name: 'e', ports: [{ containerPort: 7000 }] }],
    });
  });

  it('does not default host ports in a pod template, which the apiserver leaves as written', () => {
    const spec = { hostNetwork: true, containers: [{ name: 'a', ports: [{ containerPort: 80 }] }] };

    expect(withApiserverDefaults(spec, false)).toEqual(spec);
  });

  it('does not change the spec it is given', () => {
    const spec = { volumes: [{ name: 'v' }] };

    withApiserverDefaults(spec, true);

    expect(spec).toEqual({ volumes: [{ name: 'v' }] });
  });
});
