// The hash chain's digest: SHA-256 of a snapshot's exact bytes, lower-case hex (as `previous.sha256`).
import { createHash } from 'node:crypto';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
