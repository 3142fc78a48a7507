// How the functions are bundled, described once and rendered twice: as NodejsFunction's bundling
// options (the stack) and as esbuild's build options (test/bench/lambda-cold-start.ts), so the
// bench measures the bundle the stack deploys. NodejsFunction runs the esbuild CLI with the flags
// its options map to (aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js, buildEsbuildArgs); the JS API
// options below are the same flags, and infra/lambda-bundling.test.ts holds the two outputs equal.
//
// - ESM: the handlers and @kubernetes/client-node 2 are ESM. esbuild's ESM output has no
//   `require`, yet CommonJS dependencies bundled into it call `require('node:...')` for builtins:
//   the banner gives the module one.
// - The AWS SDK is bundled (NodejsFunction leaves `@aws-sdk/*` out by default, for the runtime's
//   copy): the functions run the SDK version the tests ran against (the store relies on S3
//   conditional writes), and a bundled SDK initialises faster (npm run bench:lambdas prints both).
// - Minified, with a source map the runtime applies to stack traces (NODE_OPTIONS below), so an
//   error in the logs names the TypeScript file and line.
// - Files a function reads beside its bundle at run time (the report's copy of Chart.js) are copied
//   into the bundle folder after esbuild: NodejsFunction's afterBundling hook. Bundling is local
//   (esbuild is a dependency); under Docker bundling the copy would have to name the file as the
//   container sees it (/asset-input/node_modules/...), which this hook does not do.
import type { BuildOptions } from 'esbuild';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LogLevel, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

export interface LambdaBundle {
  /** esbuild's target, matching the runtime (nodejs24.x). */
  readonly target: string;
  readonly bundleAwsSdk: boolean;
  readonly minify: boolean;
  readonly sourceMap: boolean;
  /** Sources inside the map: off, the map only has to point at files and lines. */
  readonly sourcesContent: boolean;
  readonly banner: string;
  /** Prefer a package's ESM entry (`module`) over its CommonJS one. */
  readonly mainFields: readonly string[];
}

export const LAMBDA_BUNDLE: LambdaBundle = {
  target: 'node24',
  bundleAwsSdk: true,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  mainFields: ['module', 'main'],
};

/** What the functions run with (an environment variable): source-mapped stack traces. */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/** NodejsFunction writes an ESM bundle as `index.mjs`. */
export const BUNDLE_FILE = 'index.mjs';

/** NodejsFunction leaves these out unless the SDK is bundled. */
const AWS_SDK_EXTERNALS = ['@aws-sdk/*'];

/** What a function reads beside its bundle: the file's name in the bundle folder -> where it is copied from. */
export type FilesBesideBundle = Readonly<Record<string, string>>;

/** The shell commands NodejsFunction's afterBundling hook runs (local bundling: this machine's paths). */
export function copyCommands(beside: FilesBesideBundle, outputDir: string): string[] {
  const quote = (path: string): string => `'${path.replaceAll("'", `'\\''`)}'`;
  return Object.entries(beside).map(([name, source]) => `cp ${quote(source)} ${quote(`${outputDir}/${name}`)}`);
}

/** The same copies for a bundle built with esbuildOptions(). */
export async function copyBesideBundle(beside: FilesBesideBundle, outdir: string): Promise<void> {
  for (const [name, source] of Object.entries(beside)) await copyFile(source, join(outdir, name));
}

export function nodejsBundlingOptions(bundle: LambdaBundle = LAMBDA_BUNDLE, beside: FilesBesideBundle = {}): BundlingOptions {
  return {
    ...(Object.keys(beside).length === 0
      ? {}
      : { commandHooks: { beforeBundling: () => [], beforeInstall: () => [], afterBundling: (_inputDir: string, outputDir: string) => copyCommands(beside, outputDir) } }),
    format: OutputFormat.ESM,
    target: bundle.target,
    bundleAwsSDK: bundle.bundleAwsSdk,
    minify: bundle.minify,
    sourceMap: bundle.sourceMap,
    sourcesContent: bundle.sourcesContent,
    banner: bundle.banner,
    mainFields: [...bundle.mainFields],
    // esbuild's summary of every bundle at each synth is noise; its warnings stay.
    logLevel: LogLevel.WARNING,
  };
}

/** The same bundle through esbuild's JS API: `entry` to `outdir/index.mjs` (+ its map). */
export function esbuildOptions(entry: string, outdir: string, bundle: LambdaBundle = LAMBDA_BUNDLE): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: bundle.target,
    outfile: `${outdir}/${BUNDLE_FILE}`,
    minify: bundle.minify,
    sourcemap: bundle.sourceMap,
    sourcesContent: bundle.sourcesContent,
    external: bundle.bundleAwsSdk ? [] : AWS_SDK_EXTERNALS,
    banner: { js: bundle.banner },
    mainFields: [...bundle.mainFields],
    logLevel: 'warning',
  };
}
