// Dispatch discovers and enqueues; it never reaches a cluster. So the Kubernetes client
// (@kubernetes/client-node, and undici beneath it) has no place in its bundle, where it once made
// up half the size (npm run bench:lambdas: 2454 KB before discovery was split from connection).
// The bundle is built as the stack builds it (infra/lambda-bundling.ts), with esbuild's metafile
// listing every file that went in.
import { build } from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/lambda-bundling.ts';
import { HANDLER_ENTRIES } from '../../infra/scanner-stack.ts';
import { REPO_ROOT } from '../../test/support/paths.ts';

const KUBERNETES_CLIENT = /(^|\/)node_modules\/(@kubernetes\/client-node|undici)\//;

let outdir = '';

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'psa-dispatch-bundle-'));
});

afterAll(async () => {
  if (outdir !== '') await rm(outdir, { recursive: true, force: true });
});

/** `importer -> imported` for each import of the Kubernetes client from outside it, and how many of its files went in. */
async function kubernetesClientIn(entry: string, name: string): Promise<{ importedBy: string[]; files: number }> {
  const { metafile } = await build({ ...esbuildOptions(entry, join(outdir, name)), metafile: true });
  const inputs = Object.entries(metafile.inputs);
  const importedBy = inputs.flatMap(([file, input]) =>
    KUBERNETES_CLIENT.test(file) ? [] : input.imports.filter((i) => KUBERNETES_CLIENT.test(i.path)).map((i) => `${file} -> ${i.path}`),
  );
  return { importedBy, files: inputs.filter(([file]) => KUBERNETES_CLIENT.test(file)).length };
}

describe("the dispatch function's bundle", () => {
  it('holds no file of @kubernetes/client-node or undici', async () => {
    const found = await kubernetesClientIn(HANDLER_ENTRIES.dispatch, 'dispatch');

    expect(found.importedBy).toEqual([]);
    expect(found.files).toBe(0);
  });

  it('would show them: making a discovered cluster reachable bundles client-node and undici', async () => {
    const found = await kubernetesClientIn(join(REPO_ROOT, 'shared', 'fleet', 'eks-fleet-endpoint.ts'), 'eks-fleet-endpoint');

    expect(found.importedBy).toContain('shared/kube/eks-cluster-endpoint.ts -> node_modules/@kubernetes/client-node/dist/index.js');
    expect(found.files).toBeGreaterThan(100);
  });
});
