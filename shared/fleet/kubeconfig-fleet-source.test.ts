// Kubeconfig files written by the test, read from disk: file finding, parsing, merging and context
// selection together, with the errors a user would see.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { KubeconfigError } from './kubeconfig-error.ts';
import { KubeconfigFleetSource } from './kubeconfig-fleet-source.ts';
import type { ContextSelection } from './kubeconfig-contexts.ts';
import type { KubeconfigLocation } from './kubeconfig-paths.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubeconfig-fleet-source-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Entry {
  readonly name: string;
  readonly server?: string;
}

/** A kubeconfig file with one user and, per entry, a cluster and a context of that name. */
async function kubeconfig(file: string, entries: readonly Entry[], currentContext?: string, extra: Record<string, unknown> = {}): Promise<string> {
  const path = join(dir, file);
  await writeFile(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: entries.map((e) => ({ name: e.name, cluster: { server: e.server ?? `https://${e.name}.example:6443` } })),
      users: [{ name: 'me', user: { token: 'secret' } }],
      contexts: entries.map((e) => ({ name: e.name, context: { cluster: e.name, user: 'me' } })),
      ...(currentContext === undefined ? {} : { 'current-context': currentContext }),
      ...extra,
    }),
  );
  return path;
}

async function discover(location: KubeconfigLocation, selection: ContextSelection = { kind: 'current' }) {
  return new KubeconfigFleetSource({ location, selection }).discover();
}

async function failure(location: KubeconfigLocation, selection: ContextSelection = { kind: 'current' }): Promise<KubeconfigError> {
  const error = await discover(location, selection).then(() => undefined, (e: unknown) => e);
  if (!(error instanceof KubeconfigError)) throw new Error(`expected a KubeconfigError, got ${String(error)}`);
  return error;
}

describe('KubeconfigFleetSource', () => {
  it('merges the $KUBECONFIG files like kubectl: first current-context and first entry of a name win; missing files skipped', async () => {
    const first = await kubeconfig('first.yaml', [{ name: 'a', server: 'https://first.example' }]);
    const second = await kubeconfig('second.yaml', [{ name: 'a', server: 'https://second.example' }, { name: 'b' }], 'b');
    const third = await kubeconfig('third.yaml', [{ name: 'c' }], 'c');

    const current = await discover({ kubeconfigEnv: [join(dir, 'missing.yaml'), first, second, third].join(':') });
    const all = await discover({ kubeconfigEnv: `${first}:${second}:${third}` }, { kind: 'all' });

    expect(current.endpoints.map((e) => e.identity.name)).toEqual(['b']);
    expect(all.endpoints.map((e) => [e.identity.name, e.kubeConfig.getCurrentCluster()?.server])).toEqual([
      ['a', 'https://first.example'],
      ['b', 'https://b.example:6443'],
      ['c', 'https://c.example:6443'],
    ]);
    expect(all.skipped).toEqual([]);
    expect(all.failed).toEqual([]);
  });

  it('reads only an explicit path, and says when it does not exist', async () => {
    const explicit = await kubeconfig('explicit.yaml', [{ name: 'x' }], 'x');
    const other = await kubeconfig('other.yaml', [{ name: 'y' }], 'y');

    expect((await discover({ explicitPath: explicit, kubeconfigEnv: other })).endpoints.map((e) => e.identity.name)).toEqual(['x']);
    const missing = join(dir, 'nope.yaml');
    expect((await failure({ explicitPath: missing, kubeconfigEnv: other })).message).toBe(`${missing}: does not exist`);
  });

  it('uses <home>/.kube/config without $KUBECONFIG, and says where it looked when nothing is there', async () => {
    const home = join(dir, 'home');
    await mkdir(join(home, '.kube'), { recursive: true });
    await kubeconfig(join('home', '.kube', 'config'), [{ name: 'h' }], 'h');

    expect((await discover({ home })).endpoints.map((e) => e.identity.name)).toEqual(['h']);
    expect((await failure({ home: join(dir, 'nobody') })).message).toBe(
      `no kubeconfig file found (looked for ${join(dir, 'nobody', '.kube', 'config')})`,
    );
  });

  it('resolves a relative certificate-authority path against the file’s directory', async () => {
    const file = await kubeconfig('relative.yaml', [], undefined, {
      clusters: [{ name: 'r', cluster: { server: 'https://r.example', 'certificate-authority': 'certs/ca.crt' } }],
      contexts: [{ name: 'r', context: { cluster: 'r', user: 'me' } }],
    });

    const [endpoint] = (await discover({ explicitPath: file }, { kind: 'all' })).endpoints;

    expect(endpoint?.kubeConfig.getCurrentCluster()?.caFile).toBe(join(dir, 'certs', 'ca.crt'));
  });

  it('reads an empty file as an empty config', async () => {
    const empty = join(dir, 'empty.yaml');
    await writeFile(empty, '');
    const other = await kubeconfig('beside-empty.yaml', [{ name: 'e' }], 'e');

    expect((await discover({ kubeconfigEnv: `${empty}:${other}` })).endpoints.map((e) => e.identity.name)).toEqual(['e']);
  });

  it('names the file and the problem for what is not a kubeconfig', async () => {
    const cases: Array<[string, string, string]> = [
      ['syntax.yaml', 'clusters: [\n', 'is not valid YAML: '],
      ['scalar.yaml', 'just text\n', 'is not a kubeconfig: expected a mapping with clusters, users and contexts'],
      ['map.yaml', 'clusters:\n  a: {server: https://a}\n', 'clusters must be a list'],
      ['no-server.yaml', 'clusters:\n- name: a\n  cluster: {}\n', 'clusters[0].cluster.server is missing'],
    ];
    for (const [name, text, problem] of cases) {
      const file = join(dir, name);
      await writeFile(file, text);
      const error = await failure({ kubeconfigEnv: file });
      expect(error.file, name).toBe(file);
      expect(error.message.startsWith(`${file}: ${problem}`), `${name}: ${error.message}`).toBe(true);
    }
  });

  it('lists the contexts there are when a named one is not among them', async () => {
    const file = await kubeconfig('named.yaml', [{ name: 'one' }, { name: 'two' }], 'one');

    expect((await failure({ explicitPath: file }, { kind: 'named', names: ['three'] })).message).toBe(
      `no context "three" in ${file}; available: one, two`,
    );
  });
});
