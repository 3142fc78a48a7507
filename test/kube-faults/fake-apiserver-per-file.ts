// One fake apiserver for a whole test file: started before its first test (`started` gets it),
// what it recorded forgotten before each test (the handler stays), closed after the last.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { FakeApiServer } from './fake-apiserver.ts';

export function fakeApiServerPerFile(started: (server: FakeApiServer) => void): void {
  let server: FakeApiServer | undefined;

  beforeAll(async () => {
    server = await FakeApiServer.start();
    started(server);
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    server?.reset();
  });
}
