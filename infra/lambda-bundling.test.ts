// The bundle the stack deploys is the bundle esbuildOptions() makes (what the cold-start bench
// measures), byte for byte; and it is what the functions need: ESM with a `require` for the
// CommonJS inside, the AWS SDK inside, the handler exported.
import { App } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { build } from 'esbuild';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, esbuildOptions, LAMBDA_BUNDLE } from './lambda-bundling.ts';
import { HANDLER_ENTRIES, ScannerStack } from './scanner-stack.ts';

let outdir = '';
let synthesized: Promise<Map<string, string>> | undefined;

/** The stack's bundles, synthesized once, when the first test asks (a failure fails each test). */
function deployedBundles(): Promise<Map<string, string>> {
  synthesized ??= (async () => {
    outdir = await mkdtemp(join(tmpdir(), 'psa-cdk-bundles-'));
    // Asset metadata (what `cdk synth` turns on) names each function's bundle folder.
    const app = new App({ outdir: join(outdir, 'cdk.out'), context: { 'aws:cdk:enable-asset-metadata': true } });
    const stack = new ScannerStack(app, 'Bundles', { fleetConfig: { accounts: [{ regions: ['eu-west-1'] }] } });
    const template = app.synth().getStackByName(stack.stackName).template as { Resources: Record<string, { Metadata?: Record<string, unknown> }> };
    const bundles = new Map<string, string>();
    for (const [name, fn] of [['dispatch', stack.dispatch], ['scan', stack.scan]] as const) {
      const asset = template.Resources[stack.getLogicalId(fn.function.node.defaultChild as CfnFunction)]?.Metadata?.['aws:asset:path'];
      bundles.set(name, await readFile(join(outdir, 'cdk.out', String(asset), BUNDLE_FILE), 'utf8'));
    }
    return bundles;
  })();
  return synthesized;
}

let deployed = new Map<string, string>();
beforeEach(async () => {
  deployed = await deployedBundles();
}, 120_000);

afterAll(async () => {
  if (outdir !== '') await rm(outdir, { recursive: true, force: true });
});

describe.each(['dispatch', 'scan'] as const)('the %s bundle', (name) => {
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
