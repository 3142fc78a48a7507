// Starting and stopping server processes so that none outlives the harness.
//
// Attached servers run under a small bash watchdog that holds the read end of a pipe whose
// write end only this Node process has: when this process dies for any reason (including
// SIGKILL) the pipe reaches EOF and the watchdog terminates the server. Each watchdog leads its
// own process group, so stop() can signal the watchdog and its server together.
// Detached servers (`npm run servers:up`) run without a watchdog; their pids are recorded.

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

// Stopping, whichever way it is asked for (SIGTERM/SIGINT/SIGHUP to the watchdog, or EOF on its
// stdin because this process died), sends the server SIGTERM and, if it is still there 5 s later,
// SIGKILL: a kube-apiserver whose etcd went down with it can spend long in graceful shutdown.
const WATCHDOG = `
exec 3<&0
"$@" </dev/null 3<&- &
child=$!
terminate() {
  kill -TERM "$child" 2>/dev/null
  ( for _ in $(seq 50); do kill -0 "$child" 2>/dev/null || exit 0; sleep 0.1; done; kill -KILL "$child" 2>/dev/null ) &
}
trap terminate TERM INT HUP
( while read -r -u 3 _; do :; done; kill -TERM $$ 2>/dev/null ) &
reader=$!
exec 3<&-
status=0
while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done
kill "$reader" 2>/dev/null
exit "$status"
`;

export interface ServerProcess {
  readonly name: string;
  /** The server's own pid (detached) or its watchdog's pid, which leads the process group (attached). */
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** True once the process has exited. */
  hasExited(): boolean;
}

export interface SpawnOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Leave the server running after this process exits (servers:up). */
  readonly detached: boolean;
}

const live = new Set<ServerProcess>();
let exitHooksInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // The watchdog would also catch this, but a prompt TERM on the way out is tidier.
  process.on('exit', () => {
    for (const p of live) killGroup(p.pid, 'SIGTERM');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      for (const p of live) killGroup(p.pid, 'SIGTERM');
      // Keep the default behaviour (exit) unless someone else handles the signal too.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

export function spawnServer(options: SpawnOptions): ServerProcess {
  const log = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = options.detached
      ? spawn(options.command, options.args, {
          cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', log, log],
        })
      : spawn('bash', ['-c', WATCHDOG, 'watchdog', options.command, ...options.args], {
          cwd: options.cwd, env: options.env, detached: true, stdio: ['pipe', log, log],
        });
  } finally {
    closeSync(log);
  }
  if (child.pid === undefined) throw new Error(`could not start ${options.name} (${options.command})`);
  let exited = false;
  const exitedPromise = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exited = true;
      live.delete(server);
      resolve(code);
    });
    child.once('error', () => {
      exited = true;
      live.delete(server);
      resolve(null);
    });
  });
  const server: ServerProcess = {
    name: options.name,
    pid: child.pid,
    logFile: options.logFile,
    exited: exitedPromise,
    hasExited: () => exited,
  };
  if (options.detached) {
    child.unref();
  } else {
    // Keep the pipe open but let Node exit without waiting for it: its closing is the signal.
    const stdin = child.stdin;
    if (stdin !== null && 'unref' in stdin && typeof stdin.unref === 'function') (stdin as unknown as { unref(): void }).unref();
    child.unref();
    live.add(server);
    installExitHooks();
  }
  return server;
}

/** The state letter (`R`, `S`, `Z`...) and process group of `pid`, from /proc; undefined if it is gone. */
function procStat(pid: number | string): { state: string; pgrp: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp ..."; comm may contain spaces and parentheses
  const [state = '', , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state, pgrp: Number(pgrp) };
}

/**
 * Processes (not yet exited) in the process group `pgid`, from /proc. Unlike `kill(-pgid, 0)`
 * this does not count zombies that a foreign parent has not reaped yet.
 */
export function liveGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(entry); // undefined: exited meanwhile
    if (stat !== undefined && stat.pgrp === pgid && stat.state !== 'Z') members.push(Number(entry));
  }
  return members;
}

/**
 * SIGTERM to the server's process group, SIGKILL after the grace period; resolves when the
 * watchdog has exited and nothing is left in its group.
 */
export async function stopServer(server: ServerProcess, graceMs = 10_000): Promise<void> {
  const deadline = Date.now() + graceMs;
  if (!server.hasExited()) {
    killGroup(server.pid, 'SIGTERM');
    const grace = new AbortController();
    const timer = sleep(graceMs, 'timeout' as const, { signal: grace.signal }).catch(() => 'exited' as const);
    const outcome = await Promise.race([server.exited.then(() => 'exited' as const), timer]);
    grace.abort(); // a pending timer would keep the process alive for the rest of the grace period
    if (outcome === 'timeout') killGroup(server.pid, 'SIGKILL');
    await server.exited;
  }
  // The watchdog's helpers (its pipe reader, its SIGKILL timer) finish a moment after it.
  while (liveGroupMembers(server.pid).length > 0) {
    if (Date.now() > deadline) killGroup(server.pid, 'SIGKILL');
    await sleep(20);
  }
}

/** True if `pid` runs; an exited process its (foreign) parent has not reaped yet counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** Stops a process recorded by pid only (servers:down): TERM, wait, KILL. */
export async function stopPid(pid: number, graceMs = 10_000): Promise<void> {
  if (!isAlive(pid)) return;
  killGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) {
    killGroup(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }
}

/** A free TCP port on 127.0.0.1 (bound and released; the caller binds it soon after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

export function tailOf(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Polls `probe` until it returns true. If the server exits first, or the time runs out, the
 * server is stopped and the error carries the end of its log.
 */
export async function waitUntilReady(
  server: ServerProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (server.hasExited()) {
      throw new Error(`${server.name} exited during start-up; end of ${server.logFile}:\n${tailOf(server.logFile)}`);
    }
    if (await probe().catch(() => false)) return performance.now() - started;
    await sleep(100);
  }
  await stopServer(server);
  throw new Error(`${server.name} not ready after ${timeoutMs} ms; end of ${server.logFile}:\n${tailOf(server.logFile)}`);
}
