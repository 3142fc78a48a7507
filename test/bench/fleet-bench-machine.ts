// What the machine and its processes use, from Linux's /proc: a process's resident set now (VmRSS)
// and at its peak (VmHWM, the high-water mark the kernel keeps), the memory the machine can still
// give (MemAvailable), and the CPU time of all cores (/proc/stat), whose busy share over the night
// says whether the night was bound by this machine's cores. A harness server runs under a bash
// watchdog that leads its process group (test/harness/servers-process.ts): the server is the group's
// member that is not the watchdog's shell or its sleep.
import { readFileSync, readdirSync } from 'node:fs';
import { liveGroupMembers } from '../harness/servers-process.ts';

export interface ProcessMemory {
  readonly rssMb: number;
  readonly peakMb: number;
}

const MB = 1024;

function statusKb(pid: number, field: string): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
    return line === undefined ? undefined : Number(line.replace(/\D+/g, ''));
  } catch {
    return undefined; // exited meanwhile
  }
}

/** Undefined when the process is gone (or a kernel thread without memory). */
export function processMemory(pid: number): ProcessMemory | undefined {
  const rss = statusKb(pid, 'VmRSS');
  const peak = statusKb(pid, 'VmHWM');
  return rss === undefined || peak === undefined ? undefined : { rssMb: rss / MB, peakMb: peak / MB };
}

function command(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

const WATCHDOG_COMMANDS = new Set(['bash', 'sleep', 'seq']);

/** The server process under the watchdog that leads process group `watchdogPid`. */
export function serverMemory(watchdogPid: number): ProcessMemory | undefined {
  const server = liveGroupMembers(watchdogPid).find((pid) => !WATCHDOG_COMMANDS.has(command(pid)));
  return server === undefined ? undefined : processMemory(server);
}

/** MemAvailable of /proc/meminfo. */
export function availableMemoryMb(): number {
  const line = readFileSync('/proc/meminfo', 'utf8').split('\n').find((l) => l.startsWith('MemAvailable:'));
  if (line === undefined) throw new Error('/proc/meminfo has no MemAvailable line');
  return Number(line.replace(/\D+/g, '')) / MB;
}

/** Pids of the processes whose command name (/proc/PID/comm, at most 15 characters) is `name`. */
export function processesNamed(name: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => command(pid) === name);
}

export interface CpuTimes {
  readonly busy: number;
  readonly total: number;
}

/** The `cpu` line of /proc/stat (all cores, in clock ticks): busy is everything but idle and iowait. */
export function cpuTimes(): CpuTimes {
  const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith('cpu '));
  if (line === undefined) throw new Error('/proc/stat has no cpu line');
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: total - idle, total };
}

/** The share of all cores' time that was busy between two readings (0..1). */
export function busyShare(after: CpuTimes, before: CpuTimes): number {
  const total = after.total - before.total;
  return total <= 0 ? NaN : (after.busy - before.busy) / total;
}
