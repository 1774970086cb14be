// Starts benchmark targets as child processes on the project's pinned Node, logs their output, and stops them by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: every child runs from here, as `npm run` would. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One scratch folder per run, for rewritten supergraphs and the children's logs. */
export const WORK_DIR = mkdtempSync(join(tmpdir(), 'singleview-bench-'));

export interface ChildSpec {
  name: string;
  /** Arguments after the Node binary: a script path relative to ROOT, then its arguments. */
  args: string[];
  env?: Record<string, string>;
  /** Resolves the ready promise with the first stdout line it matches. */
  readyLine?: RegExp;
  startTimeoutMs?: number;
  nodeOptions?: string[];
}

export interface RunningChild {
  name: string;
  pid: number;
  logPath: string;
  /** The stdout line that matched readyLine. */
  readyOutput: string;
  stop(): Promise<void>;
}

export { freePort } from '../../scripts/free-port.ts';

const running = new Set<RunningChild>();

/**
 * Spawn `process.execPath ARGS` (the same Node binary as the harness: the project's pinned
 * Node 24 under `npm run`) in its own process group, stdout and stderr to a log file.
 */
export async function startChild(spec: ChildSpec): Promise<RunningChild> {
  const logPath = join(WORK_DIR, `${spec.name}.log`);
  const log = createWriteStream(logPath);
  const child: ChildProcess = spawn(process.execPath, [...(spec.nodeOptions ?? []), ...spec.args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let buffered = '';
  let readyLine = spec.readyLine;
  const readyOutput = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${spec.name} did not start within ${(spec.startTimeoutMs ?? 60_000) / 1000} s (log: ${logPath})`)), spec.startTimeoutMs ?? 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.name} exited with code ${code} before it was ready (log: ${logPath})`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (!readyLine) return;
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      const line = lines.find((l) => readyLine!.test(l));
      if (line !== undefined) {
        clearTimeout(timer);
        readyLine = undefined;
        resolve(line);
      }
    });
    if (!readyLine) {
      clearTimeout(timer);
      resolve('');
    }
  }).catch(async (error: unknown) => {
    killGroup(child.pid!, 'SIGKILL');
    await exited;
    throw error;
  });
  child.stdout!.removeAllListeners('data');
  child.stdout!.pipe(log, { end: false });

  const handle: RunningChild = {
    name: spec.name,
    pid: child.pid!,
    logPath,
    readyOutput,
    async stop() {
      running.delete(handle);
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child.pid!, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      // Cluster workers left behind by a primary that exited first.
      killGroup(child.pid!, 'SIGKILL');
    },
  };
  running.add(handle);
  return handle;
}

/** Signal the child's own process group (it was spawned detached, so the group id is its pid). */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Stop every child this harness started (on exit, error or Ctrl-C). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((c) => c.stop()));
}

process.once('exit', () => {
  for (const child of running) killGroup(child.pid, 'SIGKILL');
});

/** Poll until `check` passes (a target is ready when it answers the benchmark query correctly). */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} not ready within ${timeoutMs / 1000} s${last ? `: ${(last as Error).message}` : ''}`);
}
