// The bundle the stack deploys is the bundle esbuildOptions() makes (what the cold-start bench
// measures), byte for byte; and it is what the functions need: ESM with a `require` for the
// CommonJS inside, the AWS SDK inside, the handler exported; and the report's bundle folder has
// Chart.js beside index.mjs, the file it reads at cold start.
import { App } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { build } from 'esbuild';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, esbuildOptions, LAMBDA_BUNDLE } from './lambda-bundling.ts';
import { CHART_JS_BUNDLE_FILE } from '../lambdas/report/chart-js-beside-handler.ts';
import { chartJsUmdPath } from '../shared/report/chart-js-from-node-modules.ts';
import { FUNCTION_NAMES, type FunctionName } from './scanner-identity.ts';
import { filesBesideBundle, HANDLER_ENTRIES, ScannerStack } from './scanner-stack.ts';

let outdir = '';
interface Deployed {
  /** index.mjs of each function. */
  readonly bundles: Map<FunctionName, string>;
  /** Each function's asset folder. */
  readonly folders: Map<FunctionName, string>;
}
let synthesized: Promise<Deployed> | undefined;

/** The stack's bundles, synthesized once, when the first test asks (a failure fails each test). */
function deployedBundles(): Promise<Deployed> {
  synthesized ??= (async () => {
    outdir = await mkdtemp(join(tmpdir(), 'psa-cdk-bundles-'));
    // Asset metadata (what `cdk synth` turns on) names each function's bundle folder.
    const app = new App({ outdir: join(outdir, 'cdk.out'), context: { 'aws:cdk:enable-asset-metadata': true } });
    const stack = new ScannerStack(app, 'Bundles', { fleetConfig: { accounts: [{ regions: ['eu-west-1'] }] } });
    const template = app.synth().getStackByName(stack.stackName).template as { Resources: Record<string, { Metadata?: Record<string, unknown> }> };
    const bundles = new Map<FunctionName, string>();
    const folders = new Map<FunctionName, string>();
    for (const name of FUNCTION_NAMES) {
      const asset = template.Resources[stack.getLogicalId(stack[name].function.node.defaultChild as CfnFunction)]?.Metadata?.['aws:asset:path'];
      const folder = join(outdir, 'cdk.out', String(asset));
      folders.set(name, folder);
      bundles.set(name, await readFile(join(folder, BUNDLE_FILE), 'utf8'));
    }
    return { bundles, folders };
  })();
  return synthesized;
}

let deployed = new Map<FunctionName, string>();
let folders = new Map<FunctionName, string>();
beforeEach(async () => {
  ({ bundles: deployed, folders } = await deployedBundles());
}, 300_000);

afterAll(async () => {
  if (outdir !== '') await rm(outdir, { recursive: true, force: true });
});

describe.each(FUNCTION_NAMES)('the %s bundle', (name) => {
  it('is what esbuildOptions() builds, byte for byte', async () => {
    const out = join(outdir, 'esbuild', name);
    await build(esbuildOptions(HANDLER_ENTRIES[name], out));
    expect(await readFile(join(out, BUNDLE_FILE), 'utf8')).toBe(deployed.get(name));
  });

  it('is ESM that gives bundled CommonJS a require, and exports the handler', () => {
    const bundle = deployed.get(name) ?? '';
    expect(bundle.startsWith(LAMBDA_BUNDLE.banner)).toBe(true);
    expect(bundle).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}/);
    expect(bundle).toContain('//# sourceMappingURL=index.mjs.map');
  });

  it('carries the AWS SDK inside (no import of @aws-sdk/* left for the runtime)', () => {
    const bundle = deployed.get(name) ?? '';
    expect(bundle).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(bundle).toContain('x-amz-');
  });
});

describe('files beside the bundles', () => {
  it('puts Chart.js\'s browser build beside the report\'s index.mjs, byte for byte, and nothing beside the others', async () => {
    expect(Object.keys(filesBesideBundle('report'))).toEqual([CHART_JS_BUNDLE_FILE]);
    const copied = await readFile(join(folders.get('report') ?? '', CHART_JS_BUNDLE_FILE));
    expect(copied.equals(await readFile(chartJsUmdPath()))).toBe(true);
    for (const name of FUNCTION_NAMES) {
      const files = (await readdir(folders.get(name) ?? '')).sort();
      expect(files, name).toEqual([BUNDLE_FILE, `${BUNDLE_FILE}.map`, ...Object.keys(filesBesideBundle(name))].sort());
    }
  });
});
