// Builds the real servers the integration tests run against, from the Go modules under
// test/harness/{kube,etcd}. A binary is rebuilt only when what it is built from changes: the
// hash of the Go version, the module files, the module's own .go sources and the build flags
// is written beside each binary (`<binary>.hash`).

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from './run-tool.ts';

export const HARNESS_DIR = import.meta.dirname;
export const CACHE_DIR = join(HARNESS_DIR, '.cache');
export const BIN_DIR = join(CACHE_DIR, 'bin');

/** The Kubernetes release the harness builds; keep in step with kube/go.mod. */
export const KUBE_VERSION = 'v1.37.2';

export interface GoBinary {
  /** File name under BIN_DIR. */
  readonly name: string;
  /** Main package to build, resolved through the module's go.mod (`.` for the module's own). */
  readonly pkg: string;
}

export interface GoBuild {
  /** Directory holding go.mod and go.sum. */
  readonly moduleDir: string;
  readonly binaries: readonly GoBinary[];
  /** `-X importpath.name=value` settings, added to `-s -w`. */
  readonly versionVars: readonly string[];
}

function kubeVersionVars(gitVersion: string): string[] {
  const match = /^v(\d+)\.(\d+)\./.exec(gitVersion);
  if (match === null) throw new Error(`not a release version: ${gitVersion}`);
  const [, major, minor] = match as unknown as [string, string, string];
  // Without these a binary built with `go build` reports v0.0.0-master, and PodSecurity's
  // `latest` and version emulation follow the binary's version (hack/lib/version.sh sets the same).
  return ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((pkg) => [
    `${pkg}.gitVersion=${gitVersion}`,
    `${pkg}.gitMajor=${major}`,
    `${pkg}.gitMinor=${minor}`,
    `${pkg}.gitTreeState=clean`,
  ]);
}

export const KUBE_BUILD: GoBuild = {
  moduleDir: join(HARNESS_DIR, 'kube'),
  binaries: [
    { name: 'kube-apiserver', pkg: 'k8s.io/kubernetes/cmd/kube-apiserver' },
    { name: 'kubectl', pkg: 'k8s.io/kubernetes/cmd/kubectl' },
  ],
  versionVars: kubeVersionVars(KUBE_VERSION),
};

/** The release that still serves PodSecurityPolicy (policy/v1beta1, removed in 1.25); keep in step with kube-1.24/go.mod. */
export const KUBE_1_24_VERSION = 'v1.24.17';

/**
 * kube-apiserver and kubectl of KUBE_1_24_VERSION, under names of their own. Not part of `npm run
 * setup`: only the tests that need it build it (kube-1.24/ensure-binaries.ts).
 */
export const KUBE_1_24_BUILD: GoBuild = {
  moduleDir: join(HARNESS_DIR, 'kube-1.24'),
  binaries: [
    { name: 'kube-apiserver-1.24', pkg: 'k8s.io/kubernetes/cmd/kube-apiserver' },
    { name: 'kubectl-1.24', pkg: 'k8s.io/kubernetes/cmd/kubectl' },
  ],
  versionVars: kubeVersionVars(KUBE_1_24_VERSION),
};

export const ETCD_BUILD: GoBuild = {
  moduleDir: join(HARNESS_DIR, 'etcd'),
  binaries: [{ name: 'etcd', pkg: 'go.etcd.io/etcd/server/v3' }],
  versionVars: [],
};

/** The Pod Security differential oracle: main.go over k8s.io/pod-security-admission. */
export const PSS_ORACLE_BUILD: GoBuild = {
  moduleDir: join(HARNESS_DIR, 'pss-oracle'),
  binaries: [{ name: 'pss-oracle', pkg: '.' }],
  versionVars: [],
};

export function binaryPath(name: string): string {
  return join(BIN_DIR, name);
}

function ldflags(build: GoBuild): string {
  return ['-s', '-w', ...build.versionVars.map((v) => `-X ${v}`)].join(' ');
}

function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CGO_ENABLED: '0',
    // Never download a toolchain or edit go.sum behind the lead's back: the committed files are the build.
    GOTOOLCHAIN: 'local',
    GOFLAGS: [process.env['GOFLAGS'] ?? '', '-mod=readonly', '-buildvcs=false'].join(' ').trim(),
  };
}

async function inputHash(build: GoBuild): Promise<string> {
  const hash = createHash('sha256');
  const { stdout: goVersion } = await runTool('go', ['env', 'GOVERSION', 'GOOS', 'GOARCH'], { env: goEnv() });
  hash.update(goVersion);
  hash.update(ldflags(build));
  for (const b of build.binaries) hash.update(`${b.name}=${b.pkg}\n`);
  const files = (await readdir(build.moduleDir))
    .filter((f) => f === 'go.mod' || f === 'go.sum' || f.endsWith('.go'))
    .sort();
  for (const f of files) {
    hash.update(`${f}\n`);
    hash.update(await readFile(join(build.moduleDir, f)));
  }
  return hash.digest('hex');
}

async function isCurrent(build: GoBuild, hash: string): Promise<boolean> {
  for (const b of build.binaries) {
    const bin = binaryPath(b.name);
    if (!existsSync(bin)) return false;
    const recorded = await readFile(`${bin}.hash`, 'utf8').catch(() => '');
    if (recorded.trim() !== hash) return false;
  }
  return true;
}

export interface BuildResult {
  readonly built: boolean;
  readonly seconds: number;
}

export interface BuildOptions {
  /**
   * Run the compilers at the lowest CPU priority (`nice -n 19`): a build in the background of a
   * test run then takes only the CPU the tests leave idle.
   */
  readonly lowPriority?: boolean;
}

/** Builds the binaries of one Go module unless the recorded hashes say they are current. */
export async function ensureGoBinaries(
  build: GoBuild,
  log: (line: string) => void = console.log,
  options: BuildOptions = {},
): Promise<BuildResult> {
  const started = performance.now();
  const hash = await inputHash(build);
  if (await isCurrent(build, hash)) return { built: false, seconds: 0 };

  await mkdir(BIN_DIR, { recursive: true });
  const names = build.binaries.map((b) => b.name).join(', ');
  log(`building ${names} (${build.moduleDir})`);
  for (const b of build.binaries) {
    const bin = binaryPath(b.name);
    await rm(`${bin}.hash`, { force: true });
    const partial = `${bin}.partial`;
    const goBuild = ['go', 'build', '-trimpath', `-ldflags=${ldflags(build)}`, '-o', partial, b.pkg];
    const [command = 'go', ...args] = options.lowPriority === true ? ['nice', '-n', '19', ...goBuild] : goBuild;
    await runTool(command, args, {
      cwd: build.moduleDir,
      env: goEnv(),
      what: `go build ${b.pkg} (${build.moduleDir})`,
    });
    await rename(partial, bin);
    await writeFile(`${bin}.hash`, `${hash}\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  log(`built ${names} in ${seconds.toFixed(0)} s`);
  return { built: true, seconds };
}
