// startServers(): the real servers behind the integration tests, on free loopback ports with a
// temporary directory: etcd, kube-apiserver (RBAC, PodSecurity admission) with an admin and a
// scanner identity, and moto for the AWS services. stop() leaves nothing behind; so does the death
// of the calling process (see servers-process.ts).

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, type EtcdServer } from './etcd/etcd-server.ts';
import {
  KUBERNETES_DEFAULT_POD_SECURITY,
  type PodSecurityConfiguration,
} from '../../shared/pss/admission/pod-security-configuration.ts';
import { startApiserver, type Apiserver } from './kube/apiserver.ts';
import { createPki, writeKubeconfig, type Identity } from './kube/pki.ts';
import { startMoto, type MotoServer } from './moto/moto-server.ts';
import { startEksAuthenticator, type EksAuthenticator, type EksAuthenticatorOptions } from './eks-authenticator/start-eks-authenticator.ts';
import { binaryPath } from './setup-go.ts';
import { RELEASE_PROFILES, type KubernetesRelease, type ReleaseProfile } from './kube/kubernetes-releases.ts';
import { MOTO_SERVER } from './setup-moto.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { runTool } from './run-tool.ts';
import { isAlive, stopServer, type ServerProcess } from './servers-process.ts';

export type { PodSecurityConfiguration } from '../../shared/pss/admission/pod-security-configuration.ts';

/** The identities the harness issues client certificates for: CN = user, O = groups. */
export const IDENTITIES = {
  admin: { user: 'psa-admin', groups: ['system:masters'] },
  scanner: { user: 'psa-scanner', groups: ['psa-scanner'] },
} as const satisfies Record<string, Identity>;

/**
 * The PodSecurity configuration the integration tests run with: Kubernetes' defaults (privileged
 * everywhere) plus one exempt namespace, runtime class and user, so exemptions can be exercised.
 */
export const HARNESS_POD_SECURITY: PodSecurityConfiguration = {
  defaults: KUBERNETES_DEFAULT_POD_SECURITY.defaults,
  exemptions: {
    namespaces: ['psa-exempt-1', 'psa-exempt-2', 'psa-exempt-3', 'psa-exempt-4'],
    runtimeClasses: ['psa-exempt-runtime'],
    usernames: ['psa-exempt-user'],
  },
};

/** The onboarding RBAC the product tells cluster owners to apply; the harness applies the same file. */
export const ONBOARDING_RBAC = join(REPO_ROOT, 'infra', 'onboarding', 'rbac.yaml');
/** The ValidatingAdmissionPolicy that keeps the scanner to dry-runs (1.30+); applied with the RBAC. */
export const ONBOARDING_DENY_REAL_WRITES = join(REPO_ROOT, 'infra', 'onboarding', 'deny-real-writes.yaml');

export interface StartServersOptions {
  readonly podSecurity?: PodSecurityConfiguration;
  /** Start moto too (default true). */
  readonly moto?: boolean;
  /**
   * Apply infra/onboarding/rbac.yaml and deny-real-writes.yaml as the admin (default true). On 1.24
   * only rbac.yaml: deny-real-writes.yaml is a ValidatingAdmissionPolicy, which 1.24 does not serve.
   */
  readonly onboardingRbac?: boolean;
  /** Which Kubernetes (default `current`, KUBE_VERSION); `1.24` serves PodSecurityPolicy, with its admission on. */
  readonly kubernetes?: KubernetesRelease;
  /** Leave the servers running when this process exits (npm run servers:up). */
  readonly detached?: boolean;
  readonly log?: (line: string) => void;
  /**
   * Start the EKS token authenticator (a TokenReview webhook that checks `k8s-aws-v1.` tokens against
   * moto) and have the apiserver use it for bearer tokens. Off by default; needs moto.
   */
  readonly eksAuthenticator?: EksAuthenticatorOptions;
  /**
   * The endpoint of a moto another startServers() started: used instead of starting one (`moto` is
   * then ignored), so several clusters, each with its EKS token authenticator, share one AWS. The
   * caller stops it with the set that started it.
   */
  readonly sharedMoto?: string;
}

/** What a test (or .servers.json) needs to reach the servers; plain data. */
export interface ServersInfo {
  readonly apiserverUrl: string;
  readonly adminKubeconfig: string;
  readonly scannerKubeconfig: string;
  readonly motoEndpoint: string | undefined;
  readonly kubectl: string;
  readonly caCert: string;
  readonly workDir: string;
  readonly podSecurity: PodSecurityConfiguration;
  /** What /version reports: KUBE_VERSION or KUBE_1_24_VERSION. */
  readonly kubernetesVersion: string;
  readonly identities: typeof IDENTITIES;
  /** Server pids, apiserver first (the order to stop them in). */
  readonly pids: Readonly<Record<string, number>>;
  /** Only when started with `eksAuthenticator`; its log has one JSON line per TokenReview decision. */
  readonly eksAuthenticator?: { readonly url: string; readonly logFile: string };
}

export interface ServerTimings {
  readonly totalMs: number;
  readonly etcdReadyMs: number;
  readonly apiserverReadyMs: number;
  readonly motoReadyMs: number | undefined;
}

export interface Servers extends ServersInfo {
  readonly timings: ServerTimings;
  stop(): Promise<void>;
}

const WORK_DIR_PREFIX = 'psa-servers-';
const OWNER_FILE = 'owner';

/**
 * Removes the work directories of harness runs whose process is gone (a killed run cannot clean
 * up after itself); startServers() calls it first. servers:up directories are left alone.
 */
export async function removeStaleWorkDirs(): Promise<void> {
  const root = tmpdir();
  for (const entry of await readdir(root).catch(() => [])) {
    if (!entry.startsWith(WORK_DIR_PREFIX)) continue;
    const dir = join(root, entry);
    const owner = (await readFile(join(dir, OWNER_FILE), 'utf8').catch(() => '')).trim();
    const pid = Number(owner);
    if (owner === 'detached' || !Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    await rm(dir, { recursive: true, force: true });
  }
}

/** The plain-data part of `servers` (for provide() and .servers.json). */
export function serversInfo(servers: Servers): ServersInfo {
  const { timings, stop, ...info } = servers; // drop what is not plain data
  return info;
}

function requireBinaries(release: ReleaseProfile): void {
  const missing = [binaryPath('etcd'), release.apiserverBinary, release.kubectlBinary].filter((b) => !existsSync(b));
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run \`${release.buildCommand}\``);
}

export async function startServers(options: StartServersOptions = {}): Promise<Servers> {
  const started = performance.now();
  const log = options.log ?? ((): void => {});
  const detached = options.detached ?? false;
  const withMoto = options.sharedMoto === undefined && (options.moto ?? true);
  const podSecurity = options.podSecurity ?? HARNESS_POD_SECURITY;
  const release = RELEASE_PROFILES[options.kubernetes ?? 'current'];
  requireBinaries(release);
  if (withMoto && !existsSync(MOTO_SERVER)) throw new Error(`missing ${MOTO_SERVER}: run \`npm run setup\``);

  await removeStaleWorkDirs();
  const workDir = await mkdtemp(join(tmpdir(), WORK_DIR_PREFIX));
  // Whoever owns the directory: a later run removes it once that process is gone (a SIGKILLed
  // test run cannot clean up after itself). servers:up directories belong to servers:down.
  await writeFile(join(workDir, OWNER_FILE), detached ? 'detached\n' : `${process.pid}\n`);
  const processes: ServerProcess[] = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // apiserver before etcd, so it does not spend its shutdown retrying a store that is gone
    for (const p of [...processes].reverse()) await stopServer(p);
    await rm(workDir, { recursive: true, force: true });
  };

  // A server is tracked once its start resolves. That is enough: each start function does all that
  // can fail before it spawns, and stops its own server if it fails after (waitUntilReady).
  const track = <T extends { process: ServerProcess }>(server: T): T => {
    processes.push(server.process);
    return server;
  };
  // Started side by side: moto's Python start-up and etcd's are independent of the certificates.
  const motoStart: Promise<MotoServer | undefined> = withMoto ? startMoto(workDir, detached).then(track) : Promise.resolve(undefined);
  const etcdStart: Promise<EtcdServer> = startEtcd(workDir, detached).then(track);
  // Observed here so an early failure is not an unhandled rejection; awaited below.
  for (const start of [motoStart, etcdStart]) start.catch(() => undefined);
  try {
    const pki = await createPki(workDir, IDENTITIES);
    // On request only: it needs moto's endpoint, so the apiserver then waits for moto too.
    let eksAuthenticator: EksAuthenticator | undefined;
    if (options.eksAuthenticator !== undefined) {
      const motoEndpoint = options.sharedMoto ?? (await motoStart)?.endpoint;
      if (motoEndpoint === undefined) throw new Error('eksAuthenticator needs moto (it stands in for STS)');
      eksAuthenticator = track(await startEksAuthenticator({ ...options.eksAuthenticator, workDir, pki, motoEndpoint, detached }));
      log(`eks-authenticator ready in ${eksAuthenticator.readyMs.toFixed(0)} ms at ${eksAuthenticator.url}`);
    }
    const etcd = await etcdStart;
    log(`etcd ready in ${etcd.readyMs.toFixed(0)} ms`);
    const apiserver: Apiserver = track(
      await startApiserver({
        workDir, etcdUrl: etcd.clientUrl, pki, admin: pki.clients.admin, podSecurity, detached, release,
        tokenWebhookConfigFile: eksAuthenticator?.webhookConfigFile,
      }),
    );
    log(`kube-apiserver ready in ${apiserver.readyMs.toFixed(0)} ms at ${apiserver.url}`);

    const adminKubeconfig = join(workDir, 'admin.kubeconfig');
    const scannerKubeconfig = join(workDir, 'scanner.kubeconfig');
    await writeKubeconfig(adminKubeconfig, { server: apiserver.url, caCert: pki.caCert, client: pki.clients.admin, user: IDENTITIES.admin.user });
    await writeKubeconfig(scannerKubeconfig, { server: apiserver.url, caCert: pki.caCert, client: pki.clients.scanner, user: IDENTITIES.scanner.user });

    if (options.onboardingRbac ?? true) {
      const files = release.servesValidatingAdmissionPolicy ? [ONBOARDING_RBAC, ONBOARDING_DENY_REAL_WRITES] : [ONBOARDING_RBAC];
      await runTool(release.kubectlBinary, ['--kubeconfig', adminKubeconfig, 'apply', ...files.flatMap((f) => ['-f', f])], {
        what: `kubectl apply -f ${files.join(' -f ')}`,
      });
    }
    const moto = await motoStart;
    if (moto !== undefined) log(`moto ready in ${moto.readyMs.toFixed(0)} ms at ${moto.endpoint}`);

    const pids: Record<string, number> = { 'kube-apiserver': apiserver.process.pid, etcd: etcd.process.pid };
    if (moto !== undefined) pids['moto'] = moto.process.pid;
    if (eksAuthenticator !== undefined) pids['eks-authenticator'] = eksAuthenticator.process.pid;
    return {
      apiserverUrl: apiserver.url,
      adminKubeconfig,
      scannerKubeconfig,
      motoEndpoint: moto?.endpoint ?? options.sharedMoto,
      kubectl: release.kubectlBinary,
      caCert: pki.caCert,
      workDir,
      podSecurity,
      kubernetesVersion: release.gitVersion,
      eksAuthenticator: eksAuthenticator && { url: eksAuthenticator.url, logFile: eksAuthenticator.logFile },
      identities: IDENTITIES,
      pids,
      timings: {
        totalMs: performance.now() - started,
        etcdReadyMs: etcd.readyMs,
        apiserverReadyMs: apiserver.readyMs,
        motoReadyMs: moto?.readyMs,
      },
      stop,
    };
  } catch (error) {
    // Let the other starts settle (a failed start stops its own server) so every live one is tracked.
    await Promise.allSettled([motoStart, etcdStart]);
    await stop();
    throw error;
  }
}
