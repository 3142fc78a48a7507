// psa-scan run in-process: real files from test/examples and in-memory ones, the real evaluator.
import { describe, expect, it } from 'vitest';
import { EXIT_ALLOWED, EXIT_BAD_INPUT, EXIT_DENIED, EXIT_INTERNAL_ERROR, runCli } from '../../shared/cli/run-cli.ts';
import { HELP, SYNOPSIS } from '../../shared/cli/usage.ts';
import { capturedIo } from './captured-io.ts';

const COMPLIANT = 'test/examples/compliant-deployment.yaml';
const MIXED = 'test/examples/noncompliant-mixed.yaml';

async function run(argv: string[], files: Record<string, string> = {}, stdin = '') {
  const captured = capturedIo(files, stdin);
  const exitCode = await runCli(argv, captured.io);
  return { exitCode, stdout: captured.stdout(), stderr: captured.stderr() };
}

const restrictedPod = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: apps}
spec:
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: app
      image: app:1
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}${extra}}
`;

describe('psa-scan check, text', () => {
  it('passes a compliant Deployment with exit 0 and says so', async () => {
    const result = await run(['check', COMPLIANT]);

    expect(result).toEqual({
      exitCode: EXIT_ALLOWED,
      stdout: `${COMPLIANT}#0 Deployment shop/web: ALLOWED at restricted:latest\n1 object, 0 denied, 0 not applicable at restricted:latest\n`,
      stderr: '',
    });
  });

  it('fails with exit 1 and lists every violation under its object', async () => {
    const result = await run(['check', '--level', 'baseline', COMPLIANT, MIXED]);

    expect(result).toEqual({
      exitCode: EXIT_DENIED,
      stdout: [
        `${COMPLIANT}#0 Deployment shop/web: ALLOWED at baseline:latest`,
        `${MIXED}#0 Pod shop/debug-shell: DENIED at baseline:latest`,
        '  hostNamespaces: hostNetwork=true',
        '  privileged: container "shell" must not set securityContext.privileged=true',
        `${MIXED}#1 CronJob shop/nightly-report: ALLOWED at baseline:latest`,
        `${MIXED}#2 Service shop/web: NOT APPLICABLE (Service has no pod template)`,
        '4 objects, 1 denied, 1 not applicable at baseline:latest',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('judges the CronJob pod template at restricted, the default level', async () => {
    const { exitCode, stdout } = await run(['check', MIXED]);

    expect(exitCode).toBe(EXIT_DENIED);
    const headers = stdout.split('\n').filter((line) => line.startsWith(MIXED));
    expect(headers).toEqual([
      `${MIXED}#0 Pod shop/debug-shell: DENIED at restricted:latest`,
      `${MIXED}#1 CronJob shop/nightly-report: DENIED at restricted:latest`,
      `${MIXED}#2 Service shop/web: NOT APPLICABLE (Service has no pod template)`,
    ]);
    expect(stdout).toContain('\n  seccompProfile_restricted: pod or container "report" must set');
    expect(stdout.endsWith('3 objects, 2 denied, 1 not applicable at restricted:latest\n')).toBe(true);
  });

  it('allows everything at privileged', async () => {
    expect(await run(['check', '--level', 'privileged', MIXED])).toMatchObject({ exitCode: EXIT_ALLOWED, stderr: '' });
  });

  it('evaluates at the pinned version: capabilities_restricted does not exist before v1.22', async () => {
    const files = { 'pod.yaml': restrictedPod('keeps-caps').replace('capabilities: {drop: [ALL]}', 'capabilities: {}') };

    const pinned = await run(['check', '--version', 'v1.21', 'pod.yaml'], files);
    const latest = await run(['check', 'pod.yaml'], files);

    expect(pinned).toMatchObject({ exitCode: EXIT_ALLOWED, stdout: expect.stringContaining('ALLOWED at restricted:v1.21') });
    expect(latest).toMatchObject({ exitCode: EXIT_DENIED, stdout: expect.stringContaining('capabilities_restricted: container "app"') });
  });

  it('numbers List items as INDEX.ITEM and leaves out a namespace the object does not set', async () => {
    const list = `kind: Service
---
apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}}
  - {apiVersion: apps/v1, kind: Deployment, metadata: {name: api}, spec: {template: {spec: {hostPID: true}}}}
`;
    const { exitCode, stdout } = await run(['check', 'list.yaml'], { 'list.yaml': list });

    expect(exitCode).toBe(EXIT_DENIED);
    expect(stdout).toBe(
      [
        'list.yaml#0 Service (unnamed): NOT APPLICABLE (Service has no pod template)',
        'list.yaml#1.0 ConfigMap settings: NOT APPLICABLE (ConfigMap has no pod template)',
        'list.yaml#1.1 Deployment api: DENIED at restricted:latest',
        '  hostNamespaces: hostPID=true',
        '3 objects, 1 denied, 2 not applicable at restricted:latest',
        '',
      ].join('\n'),
    );
  });

  it('reads standard input for - and names it <stdin>', async () => {
    const result = await run(['check', '-'], {}, restrictedPod('from-pipe'));

    expect(result).toEqual({
      exitCode: EXIT_ALLOWED,
      stdout: '<stdin>#0 Pod apps/from-pipe: ALLOWED at restricted:latest\n1 object, 0 denied, 0 not applicable at restricted:latest\n',
      stderr: '',
    });
  });

  it('refuses a file with no objects (exit 2), and with --allow-empty reports 0 objects and passes', async () => {
    const files = { 'empty.yaml': '# nothing yet\n---\n' };

    expect(await run(['check', 'empty.yaml'], files)).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: 'psa-scan: empty.yaml: no Kubernetes objects in empty.yaml (give --allow-empty to accept an input with none)\n',
    });
    expect(await run(['check', '--allow-empty', 'empty.yaml'], files)).toEqual({
      exitCode: EXIT_ALLOWED,
      stdout: '0 objects, 0 denied, 0 not applicable at restricted:latest\n',
      stderr: '',
    });
  });

  it('treats privileged: yes as true, the way the apiserver reads YAML', async () => {
    const files = { 'pod.yaml': restrictedPod('yes-man', ', privileged: yes') };

    expect(await run(['check', 'pod.yaml'], files)).toMatchObject({
      exitCode: EXIT_DENIED,
      stdout: expect.stringContaining('  privileged: container "app" must not set securityContext.privileged=true\n'),
    });
  });
});

describe('psa-scan check, json', () => {
  it('prints one object with a result per object, not-applicable ones included', async () => {
    const { exitCode, stdout, stderr } = await run(['check', '--format', 'json', '--level', 'baseline', MIXED]);

    expect(exitCode).toBe(EXIT_DENIED);
    expect(stderr).toBe('');
    const identity = { file: MIXED, item: null, namespace: 'shop' };
    expect(JSON.parse(stdout)).toEqual({
      results: [
        {
          ...identity,
          index: 0,
          line: 3,
          kind: 'Pod',
          name: 'debug-shell',
          applicable: true,
          allowed: false,
          violations: [
            { check: 'hostNamespaces', reason: 'host namespaces', detail: 'hostNetwork=true' },
            { check: 'privileged', reason: 'privileged', detail: 'container "shell" must not set securityContext.privileged=true' },
          ],
        },
        { ...identity, index: 1, line: 19, kind: 'CronJob', name: 'nightly-report', applicable: true, allowed: true, violations: [] },
        { ...identity, index: 2, line: 37, kind: 'Service', name: 'web', applicable: false, allowed: null, violations: [] },
      ],
    });
  });

  it('gives List items their item number and null for what the manifest does not set', async () => {
    const list = 'apiVersion: v1\nkind: PodList\nitems:\n  - {spec: {}}\n';

    const { exitCode, stdout } = await run(['check', '--format=json', 'pods.json'], { 'pods.json': list });

    expect(exitCode).toBe(EXIT_ALLOWED);
    expect(JSON.parse(stdout)).toEqual({
      results: [
        { file: 'pods.json', index: 0, item: 0, line: 4, kind: 'Pod', namespace: null, name: null, applicable: true, allowed: true, violations: [] },
      ],
    });
  });

  it('prints an empty result list for no objects, with --allow-empty', async () => {
    expect(await run(['check', '--allow-empty', '--format', 'json', 'empty.yaml'], { 'empty.yaml': '' })).toEqual({
      exitCode: EXIT_ALLOWED,
      stdout: '{\n  "results": []\n}\n',
      stderr: '',
    });
  });
});

describe('psa-scan check, bad input', () => {
  it('names a missing file, exits 2 and prints nothing on stdout even for the good files', async () => {
    expect(await run(['check', COMPLIANT, 'missing.yaml'])).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: 'psa-scan: missing.yaml: cannot read: file does not exist\n',
    });
  });

  it('says a directory is not a file', async () => {
    expect(await run(['check', 'test/examples'])).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: 'psa-scan: test/examples: cannot read: is a directory, not a file\n',
    });
  });

  it('reports every problem in every file, each with its file and document', async () => {
    const files = {
      'a.yaml': 'kind: Pod\n---\nkind: [Service\n',
      'b.yaml': 'apiVersion: v1\nmetadata: {name: x}\n---\n- 1\n---\napiVersion: apps/v1\nkind: Deployment\nspec: {template: web}\n',
      'c.yaml': 'kind: List\nitems:\n  - {kind: Pod}\n  - {apiVersion: v1}\n',
    };

    const result = await run(['check', 'a.yaml', 'b.yaml', 'c.yaml'], files);

    expect(result).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: [
        'psa-scan: a.yaml#1: YAML syntax error at line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
        'psa-scan: b.yaml#0: missing kind',
        'psa-scan: b.yaml#1: expected a Kubernetes object, found a list',
        'psa-scan: b.yaml#2: spec.template must be an object, found a string',
        'psa-scan: c.yaml#0.1: missing kind',
        '',
      ].join('\n'),
    });
  });

  it('refuses a pod spec the apiserver could not decode instead of calling it allowed', async () => {
    const files = { 'pod.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  containers: app\n' };

    expect(await run(['check', 'pod.yaml'], files)).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: 'psa-scan: pod.yaml#0: spec.containers must be a list, found a string\n',
    });
  });
});

describe('psa-scan check, fields of the wrong type', () => {
  const pod = (spec: string, metadata = '{name: p}') => `apiVersion: v1\nkind: Pod\nmetadata: ${metadata}\nspec:\n${spec}`;

  it.each([
    [
      'hostNetwork and privileged written as strings',
      pod('  hostNetwork: "true"\n  containers: [{name: a, securityContext: {privileged: "true"}}]\n'),
      'spec.hostNetwork must be a boolean, found a string "true"',
    ],
    [
      'privileged written as a string',
      pod('  containers: [{name: a, securityContext: {privileged: "true"}}]\n'),
      'spec.containers[0].securityContext.privileged must be a boolean, found a string "true"',
    ],
    ['a livenessProbe that is a string', pod('  containers: [{name: a, livenessProbe: x}]\n'), 'spec.containers[0].livenessProbe must be an object, found a string'],
    ['a lifecycle that is a list', pod('  containers: [{name: a, lifecycle: [1]}]\n'), 'spec.containers[0].lifecycle must be an object, found a list'],
    [
      'an AppArmor annotation that YAML 1.1 reads as a boolean',
      pod('  containers: [{name: a}]\n', '{name: p, annotations: {container.apparmor.security.beta.kubernetes.io/a: on}}'),
      'metadata.annotations[container.apparmor.security.beta.kubernetes.io/a] must be a string, found a boolean true',
    ],
    ['a hostPort that is not an integer', pod('  containers: [{name: a, ports: [{hostPort: 80.5}]}]\n'), 'spec.containers[0].ports[0].hostPort must be a 32-bit integer, found a number 80.5'],
    [
      'capabilities.add holding a number',
      pod('  containers: [{name: a, securityContext: {capabilities: {add: [7]}}}]\n'),
      'spec.containers[0].securityContext.capabilities.add[0] must be a string, found a number 7',
    ],
  ])('refuses %s at baseline with exit 2, as the apiserver would', async (_case, manifest, message) => {
    expect(await run(['check', '--level', 'baseline', 'pod.yaml'], { 'pod.yaml': manifest })).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: `psa-scan: pod.yaml#0: ${message}\n`,
    });
  });

  it('names the document and the field under a template in a multi-document file', async () => {
    const files = {
      'app.yaml': `kind: Service\n---\napiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      securityContext: {runAsUser: "0"}\n`,
    };

    expect(await run(['check', 'app.yaml'], files)).toMatchObject({
      exitCode: EXIT_BAD_INPUT,
      stderr: 'psa-scan: app.yaml#1: spec.template.spec.securityContext.runAsUser must be an integer, found a string "0"\n',
    });
  });
});

describe('psa-scan internal errors', () => {
  it('reports an unexpected exception as an internal error with exit 3, not as a denial', async () => {
    const captured = capturedIo();
    const io = {
      ...captured.io,
      stdout: () => {
        throw new Error('stdout is gone');
      },
    };

    const exitCode = await runCli(['check', COMPLIANT], io);

    expect(exitCode).toBe(EXIT_INTERNAL_ERROR);
    expect(captured.stderr()).toMatch(/^psa-scan: internal error: stdout is gone\n( {4}at .*\n)*$/);
  });

  it('still exits 3 when stderr fails too', async () => {
    const fail = () => {
      throw new Error('closed');
    };
    const io = { ...capturedIo().io, stdout: fail, stderr: fail };

    expect(await runCli(['check', COMPLIANT], io)).toBe(EXIT_INTERNAL_ERROR);
  });

  it('reports a thrown non-Error as it is', async () => {
    const captured = capturedIo();
    const io = {
      ...captured.io,
      stdout: () => {
        throw 'not an Error';
      },
    };

    expect(await runCli(['check', COMPLIANT], io)).toBe(EXIT_INTERNAL_ERROR);
    expect(captured.stderr()).toBe('psa-scan: internal error: not an Error\n');
  });
});

describe('psa-scan usage', () => {
  const usage = (message: string) => `psa-scan: ${message}\n${SYNOPSIS}Run "psa-scan --help" for more.\n`;

  it.each([[['--help']], [['-h']], [['help']], [['help', 'check']], [['check', '--help']], [['check', 'x.yaml', '-h']]])(
    'prints the help on stdout for %j and exits 0',
    async (argv) => {
      expect(await run(argv)).toEqual({ exitCode: EXIT_ALLOWED, stdout: HELP, stderr: '' });
    },
  );

  it.each([
    [[], 'missing command'],
    [['sacn', 'a.yaml'], 'unknown command sacn'],
    [['--level', 'baseline'], 'unknown option --level'],
    [['help', 'me'], 'unknown help topic me'],
    [['check'], 'no FILE given (use - to read standard input)'],
    [['check', '--frmat', 'json', 'a.yaml'], 'unknown option --frmat'],
    [['check', '--level', 'strict', 'a.yaml'], '--level: Invalid value: "strict": must be one of privileged, baseline, restricted'],
    [['check', '--version', 'v1.x', 'a.yaml'], '--version: Invalid value: "v1.x": must be "latest" or "v1.x"'],
  ])('refuses %j with exit 2 and the usage on stderr', async (argv, message) => {
    expect(await run(argv)).toEqual({ exitCode: EXIT_BAD_INPUT, stdout: '', stderr: usage(message) });
  });
});
