// vitest globalSetup for the integration project: one set of real servers for the whole run,
// handed to the tests with provide()/inject('servers'). Fails (never skips) when a server cannot start.

import type { TestProject } from 'vitest/node';
import { serversInfo, startServers, type ServersInfo } from './servers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    servers: ServersInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = await startServers({ log: (line) => console.log(`[servers] ${line}`) });
  console.log(`[servers] up in ${(servers.timings.totalMs / 1000).toFixed(1)} s`);
  project.provide('servers', serversInfo(servers));
  return servers.stop;
}
