// moto in server mode (one endpoint for every AWS service) from the project's .venv.

import { join } from 'node:path';
import { MOTO_SERVER } from '../setup-moto.ts';
import { freePort, spawnServer, waitUntilReady, type ServerProcess } from '../servers-process.ts';

export interface MotoServer {
  readonly process: ServerProcess;
  readonly endpoint: string;
  readonly readyMs: number;
}

export async function startMoto(workDir: string, detached: boolean): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const server = spawnServer({
    name: 'moto',
    command: MOTO_SERVER,
    args: ['-H', '127.0.0.1', '-p', String(port)],
    logFile: join(workDir, 'moto.log'),
    // moto reads no credentials, but keep the developer's AWS settings out of its process.
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: workDir, PYTHONUNBUFFERED: '1' },
    detached,
  });
  const readyMs = await waitUntilReady(
    server,
    async () => {
      // moto's own management API; answers once the server has loaded.
      const response = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2000) });
      return response.ok;
    },
    60_000,
  );
  return { process: server, endpoint, readyMs };
}
