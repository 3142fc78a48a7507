// `psa-scan --help` says which fields are type-checked (those the checks read) and which are not
// (every other one); this holds the behaviour to that text. Checking the rest would take the whole
// Pod schema, and a field no check reads cannot change the verdict: a schema validator or a
// server-side dry-run is the tool for a pod the apiserver would refuse for other reasons.
import { describe, expect, it } from 'vitest';
import { EXIT_ALLOWED, EXIT_BAD_INPUT, runCli } from '../../shared/cli/run-cli.ts';
import { HELP } from '../../shared/cli/usage.ts';
import { capturedIo } from './captured-io.ts';

async function run(argv: string[], files: Record<string, string>) {
  const captured = capturedIo(files);
  const exitCode = await runCli(argv, captured.io);
  return { exitCode, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** A pod restricted allows, with `extra` added to its container. */
const pod = (extra: string) => `apiVersion: v1
kind: Pod
metadata: {name: app, namespace: apps}
spec:
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: app
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
${extra}`;

describe('fields the checks do not read', () => {
  it('are said in --help not to be type-checked, unlike the fields the checks read', () => {
    const help = HELP.replace(/\s+/g, ' ');

    expect(help).toContain('Only the fields the checks read (and the objects and lists on the way to them) are type-checked');
    expect(help).toContain('privileged: "true" is bad input (exit 2)');
    expect(help).toContain('Other fields are not checked at all');
  });

  it.each([
    ['an image that is a number', '      image: 5\n'],
    ['resources that are a string', '      resources: big\n'],
    ['a field the Pod API does not have', '      colour: [1, 2]\n'],
    ['env that is an object', '      env: {A: b}\n'],
  ])('leave a pod with %s judged on its Pod Security fields: allowed, exit 0', async (_case, extra) => {
    expect(await run(['check', 'pod.yaml'], { 'pod.yaml': pod(extra) })).toEqual({
      exitCode: EXIT_ALLOWED,
      stdout: 'pod.yaml#0 Pod apps/app: ALLOWED at restricted:latest\n1 object, 0 denied, 0 not applicable at restricted:latest\n',
      stderr: '',
    });
  });

  it('do not hide a mistyped field that a check reads: that is bad input, exit 2', async () => {
    const mistyped = pod('      image: 5\n').replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: "false"');

    expect(await run(['check', 'pod.yaml'], { 'pod.yaml': mistyped })).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: 'psa-scan: pod.yaml#0: spec.containers[0].securityContext.allowPrivilegeEscalation must be a boolean, found a string "false"\n',
    });
  });
});
