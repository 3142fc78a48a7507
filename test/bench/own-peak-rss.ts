// A process's own peak resident memory. getrusage's maxrss survives execve on Linux, so a child
// started by a bigger parent reports the parent's figure; the kernel's high-water mark of this
// process (VmHWM in /proc/self/status) is its own.
import { readFileSync } from 'node:fs';

export function ownPeakRssMb(): number {
  const line = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (line === null) throw new Error('no VmHWM in /proc/self/status');
  return Number(line[1]) / 1024;
}
