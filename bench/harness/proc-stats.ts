// Memory and CPU of a process and its descendants (cluster workers), read from /proc on Linux.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Fields of /proc/PID/stat after the command name (which may hold spaces). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The process and every live descendant. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [root];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = Number(statFields(Number(entry))?.[1]);
    if (Number.isFinite(ppid)) children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Resident set size in MB, summed over the processes (VmRSS from /proc/PID/status). */
export function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) kb += Number(match[1]);
    } catch {
      // The process exited between listing and reading.
    }
  }
  return kb / 1024;
}

/** CPU seconds (user + system) used so far, summed over the processes. */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const fields = statFields(pid);
    if (fields) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / clockTicks();
}

export interface ResourceUsage {
  rssPeakMb: number;
  rssMeanMb: number;
  cpuSeconds: number;
}

/** Samples a process tree's RSS while a measurement runs, and its CPU time from start to stop. */
export function watchResources(root: number, intervalMs = 1_000): { stop(): ResourceUsage } {
  let pids = processTree(root);
  const cpuStart = cpuSeconds(pids);
  const samples: number[] = [rssMb(pids)];
  const timer = setInterval(() => {
    pids = processTree(root);
    samples.push(rssMb(pids));
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      pids = processTree(root);
      samples.push(rssMb(pids));
      return {
        rssPeakMb: Math.max(...samples),
        rssMeanMb: samples.reduce((a, b) => a + b, 0) / samples.length,
        cpuSeconds: cpuSeconds(pids) - cpuStart,
      };
    },
  };
}
