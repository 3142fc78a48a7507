import { describe, expect, it } from 'vitest';
import { podShapeProblem } from './pod-shape.ts';

const problem = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}, at = ''): string | undefined =>
  podShapeProblem(metadata, spec, at);

describe('podShapeProblem', () => {
  it('accepts a pod that sets every field the checks read, with the types Go decodes', () => {
    const handler = { httpGet: { host: '', port: 'http' }, tcpSocket: { host: '', port: 80 } };
    const container = {
      name: 'app',
      securityContext: {
        privileged: false,
        allowPrivilegeEscalation: false,
        runAsNonRoot: true,
        runAsUser: 1000,
        procMount: 'Default',
        capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
        appArmorProfile: { type: 'RuntimeDefault' },
        seLinuxOptions: { type: 'container_t', user: '', role: '', level: 's0' },
        windowsOptions: { hostProcess: false },
      },
      ports: [{ containerPort: 8080, hostPort: 0 }],
      livenessProbe: handler,
      readinessProbe: handler,
      startupProbe: handler,
      lifecycle: { postStart: handler, preStop: handler },
    };
    const spec = {
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostUsers: true,
      os: { name: 'linux' },
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
        appArmorProfile: { type: 'RuntimeDefault' },
        seLinuxOptions: { type: 'container_t' },
        windowsOptions: { hostProcess: false },
        sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }],
      },
      volumes: [{ name: 'data', emptyDir: {} }],
      initContainers: [container],
      containers: [container],
      ephemeralContainers: [container],
    };

    expect(problem(spec, { labels: { app: 'web' }, annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' } })).toBeUndefined();
  });

  it('accepts null anywhere, which Go decodes to the zero value', () => {
    const spec = {
      hostNetwork: null,
      securityContext: { runAsUser: null, sysctls: [null], seLinuxOptions: null },
      volumes: [null, { name: null, hostPath: null }],
      containers: [null, { securityContext: { capabilities: { add: [null], drop: null } }, ports: [null], livenessProbe: null }],
    };

    expect(problem(spec, { labels: null, annotations: { a: null } })).toBeUndefined();
  });

  it('ignores fields no check reads, whatever their type', () => {
    expect(problem({ containers: [{ image: 7, env: 'x', securityContext: { readOnlyRootFilesystem: 'yes' } }], dnsPolicy: [] })).toBeUndefined();
  });

  it.each([
    // Booleans
    ['hostNetwork as a string', { hostNetwork: 'true' }, 'spec.hostNetwork must be a boolean, found a string "true"'],
    ['hostPID as a number', { hostPID: 1 }, 'spec.hostPID must be a boolean, found a number 1'],
    ['hostIPC as a string', { hostIPC: 'yes' }, 'spec.hostIPC must be a boolean, found a string "yes"'],
    ['hostUsers as a string', { hostUsers: 'false' }, 'spec.hostUsers must be a boolean, found a string "false"'],
    [
      'privileged as a string',
      { containers: [{ securityContext: { privileged: 'true' } }] },
      'spec.containers[0].securityContext.privileged must be a boolean, found a string "true"',
    ],
    [
      'allowPrivilegeEscalation as a string',
      { initContainers: [{ securityContext: { allowPrivilegeEscalation: 'false' } }] },
      'spec.initContainers[0].securityContext.allowPrivilegeEscalation must be a boolean, found a string "false"',
    ],
    [
      'a pod runAsNonRoot as a string',
      { securityContext: { runAsNonRoot: 'true' } },
      'spec.securityContext.runAsNonRoot must be a boolean, found a string "true"',
    ],
    [
      'a container hostProcess as a list',
      { ephemeralContainers: [{ securityContext: { windowsOptions: { hostProcess: [true] } } }] },
      'spec.ephemeralContainers[0].securityContext.windowsOptions.hostProcess must be a boolean, found a list',
    ],
    // Integers
    ['a pod runAsUser as a string', { securityContext: { runAsUser: '0' } }, 'spec.securityContext.runAsUser must be an integer, found a string "0"'],
    [
      'a container runAsUser with a fraction',
      { containers: [{ securityContext: { runAsUser: 0.5 } }] },
      'spec.containers[0].securityContext.runAsUser must be an integer, found a number 0.5',
    ],
    ['a hostPort as a string', { containers: [{ ports: [{ hostPort: '80' }] }] }, 'spec.containers[0].ports[0].hostPort must be a 32-bit integer, found a string "80"'],
    [
      'a hostPort beyond int32',
      { containers: [{ ports: [{}, { hostPort: 2 ** 31 }] }] },
      'spec.containers[0].ports[1].hostPort must be a 32-bit integer, found a number 2147483648',
    ],
    [
      'a containerPort as a boolean, copied to hostPort on the host network',
      { containers: [{ ports: [{ containerPort: true }] }] },
      'spec.containers[0].ports[0].containerPort must be a 32-bit integer, found a boolean true',
    ],
    // Strings
    ['os.name as a number', { os: { name: 1 } }, 'spec.os.name must be a string, found a number 1'],
    ['a container name as a number', { containers: [{ name: 42 }] }, 'spec.containers[0].name must be a string, found a number 42'],
    [
      'procMount as a boolean',
      { containers: [{ securityContext: { procMount: false } }] },
      'spec.containers[0].securityContext.procMount must be a string, found a boolean false',
    ],
    [
      'a seccompProfile type as an object',
      { securityContext: { seccompProfile: { type: {} } } },
      'spec.securityContext.seccompProfile.type must be a string, found an object',
    ],
    [
      'an appArmorProfile type as a number',
      { containers: [{ securityContext: { appArmorProfile: { type: 1 } } }] },
      'spec.containers[0].securityContext.appArmorProfile.type must be a string, found a number 1',
    ],
    [
      'a seLinuxOptions user as a boolean',
      { securityContext: { seLinuxOptions: { user: true } } },
      'spec.securityContext.seLinuxOptions.user must be a string, found a boolean true',
    ],
    ['a sysctl name as a number', { securityContext: { sysctls: [{ name: 1 }] } }, 'spec.securityContext.sysctls[0].name must be a string, found a number 1'],
    ['a volume name as a number', { volumes: [{ name: 1, emptyDir: {} }] }, 'spec.volumes[0].name must be a string, found a number 1'],
    [
      'a probe httpGet host as a number',
      { containers: [{ readinessProbe: { httpGet: { host: 10 } } }] },
      'spec.containers[0].readinessProbe.httpGet.host must be a string, found a number 10',
    ],
    [
      'a lifecycle tcpSocket host as a list',
      { containers: [{ lifecycle: { preStop: { tcpSocket: { host: ['a'] } } } }] },
      'spec.containers[0].lifecycle.preStop.tcpSocket.host must be a string, found a list',
    ],
    // Objects
    ['a livenessProbe as a string', { containers: [{ livenessProbe: 'x' }] }, 'spec.containers[0].livenessProbe must be an object, found a string'],
    ['a lifecycle as a list', { containers: [{ lifecycle: [1] }] }, 'spec.containers[0].lifecycle must be an object, found a list'],
    ['a postStart handler as a string', { containers: [{ lifecycle: { postStart: 'echo' } }] }, 'spec.containers[0].lifecycle.postStart must be an object, found a string'],
    ['a startupProbe httpGet as a list', { containers: [{ startupProbe: { httpGet: [] } }] }, 'spec.containers[0].startupProbe.httpGet must be an object, found a list'],
    ['os as a string', { os: 'windows' }, 'spec.os must be an object, found a string'],
    [
      'capabilities as a list',
      { containers: [{ securityContext: { capabilities: ['ALL'] } }] },
      'spec.containers[0].securityContext.capabilities must be an object, found a list',
    ],
    ['a volume source as a string', { volumes: [{ name: 'root', hostPath: '/' }] }, 'spec.volumes[0].hostPath must be an object, found a string'],
    ['a volume source as true', { volumes: [{ name: 'tmp', emptyDir: true }] }, 'spec.volumes[0].emptyDir must be an object, found a boolean'],
    // Lists
    [
      'capabilities.add as a string',
      { containers: [{ securityContext: { capabilities: { add: 'SYS_ADMIN' } } }] },
      'spec.containers[0].securityContext.capabilities.add must be a list, found a string',
    ],
    [
      'a capability that is not a string',
      { containers: [{ securityContext: { capabilities: { drop: ['ALL', 1] } } }] },
      'spec.containers[0].securityContext.capabilities.drop[1] must be a string, found a number 1',
    ],
    ['ephemeralContainers as an object', { ephemeralContainers: {} }, 'spec.ephemeralContainers must be a list, found an object'],
  ])('refuses %s', (_case, spec, message) => {
    expect(problem(spec)).toBe(message);
  });

  it.each([
    [
      'an annotation value that is a boolean (YAML 1.1 `on`)',
      { annotations: { 'container.apparmor.security.beta.kubernetes.io/a': true } },
      'metadata.annotations[container.apparmor.security.beta.kubernetes.io/a] must be a string, found a boolean true',
    ],
    ['a label value that is a number', { labels: { tier: 1 } }, 'metadata.labels[tier] must be a string, found a number 1'],
    ['labels that are a list', { labels: ['a'] }, 'metadata.labels must be an object, found a list'],
  ])('refuses %s in metadata', (_case, metadata, message) => {
    expect(problem({}, metadata)).toBe(message);
  });

  it('names the field under the template path, and reports the first problem in document order', () => {
    const spec = { containers: [{ securityContext: { privileged: 'true' } }], hostNetwork: 'true' };

    expect(problem(spec, {}, 'spec.template')).toBe('spec.template.spec.containers[0].securityContext.privileged must be a boolean, found a string "true"');
  });
});
