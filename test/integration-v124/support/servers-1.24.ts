// Each integration-v124 test file starts its own etcd + kube-apiserver v1.24.17 (no moto), once
// the 1.24 binaries are there: the project's globalSetup started their build in the background, and
// this waits for it (or builds them, or fails with the build's error).

import { KubeConfig } from '@kubernetes/client-node';
import { ensureKube124Binaries } from '../../harness/kube-1.24/ensure-binaries.ts';
import { startServers, type Servers, type StartServersOptions } from '../../harness/servers.ts';

export async function startKube124Servers(options: Omit<StartServersOptions, 'kubernetes'> = {}): Promise<Servers> {
  const binaries = await ensureKube124Binaries();
  // Shows in the run's output how long the tests waited for the background build.
  if (binaries.seconds > 2) console.log(`[kube-1.24] waited ${binaries.seconds.toFixed(0)} s for the 1.24 binaries`);
  return startServers({ moto: false, ...options, kubernetes: '1.24' });
}

/** The kubeconfig in `file`, acting as `user` through impersonation (the harness admin may impersonate anyone). */
export function impersonating(file: string, user: string): KubeConfig {
  const base = new KubeConfig();
  base.loadFromFile(file);
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: base.clusters,
    contexts: base.contexts,
    currentContext: base.currentContext,
    users: base.users.map((u) => ({ ...u, impersonateUser: user })),
  });
  return config;
}
