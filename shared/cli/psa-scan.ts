#!/usr/bin/env node
// The psa-scan command. Node 24 runs it as is (type stripping), so `npx psa-scan` and
// `node shared/cli/psa-scan.ts` need no build step. Loading the CLI's modules (stripping the types
// of each and compiling it) is most of a small check's time: Node's compile cache keeps both on
// disk (os.tmpdir()/node-compile-cache, checked against each file's content), so every run after
// the first on a machine or CI job starts in ~0.05 s instead of ~0.15 s. It must be on before the
// modules load, hence the dynamic import. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./psa-scan-process.ts');
