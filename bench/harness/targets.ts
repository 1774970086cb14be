// Issue 7's targets as verdicts: the measured figure, the goal, met or not, and for a missed one the run's own CPU arithmetic of why.
//
// The explanations are computed from the figures of the same run (CPU per request of every
// process on the machine, its cores, the gateway's worker count), never written in advance:
// a missed target says what the machine would have had to do to meet it.
import { cpus } from 'node:os';
import { fig } from './stats.ts';

export interface TargetVerdict {
  target: string;
  measured: number | null;
  goal: string;
  /** null when the figure could not be measured in this run. */
  met: boolean | null;
  /** For a missed target: why, from this run's figures. */
  why?: string;
}

const CORES = cpus().length;

/** Reads a scenario's numeric figures by key; NaN for a figure the run does not have. */
export const figureReader = (figures: Record<string, unknown>) => (key: string): number => (typeof figures[key] === 'number' ? (figures[key] as number) : Number.NaN);
const ms = (value: number) => `${fig(value, 2)} ms`;

/** A figure against a bound: `≥` for ratios and rates, `<` or `≤` for latencies and sizes. */
export function verdict(target: string, measured: number | null, op: '≥' | '<' | '≤', bound: number, why: () => string): TargetVerdict {
  const goal = `${op} ${fig(bound, 2)}`;
  if (measured === null || !Number.isFinite(measured)) return { target, measured: null, goal, met: null, why: 'not measured in this run' };
  const met = op === '≥' ? measured >= bound : op === '<' ? measured < bound : measured <= bound;
  return met ? { target, measured, goal, met } : { target, measured, goal, met, why: why() };
}

export interface CpuPerRequest {
  /** The gateway under test, all its threads. */
  gateway: number;
  /** The subgraphs (and, in customer360, the simulated legacy systems they call). */
  subgraphs: number;
  /** This process: the load generator. */
  load: number;
}

/**
 * Why a gateway did not reach `neededRps`: at that rate the cores give `cores × 1000 / rate`
 * ms of CPU per request, and a one-thread-per-worker gateway `workers × 1000 / rate`.
 * What the subgraphs and the load generator use is not available to the gateway. When the
 * work fits the cores, the miss is queueing: the note says how busy the cores were.
 */
export function capacityNote(what: string, neededRps: number, cpu: CpuPerRequest, workers: number, cores = CORES): string {
  const machine = (cores * 1000) / neededRps;
  const thread = (workers * 1000) / neededRps;
  const allowance = Math.min(machine - cpu.subgraphs - cpu.load, thread);
  const total = cpu.gateway + cpu.subgraphs + cpu.load;
  const parts =
    `${what} needs ${fig(neededRps)} req/s. At that rate the ${cores} cores give ${ms(machine)} of CPU per request and the gateway's ` +
    `${workers} worker thread(s) ${ms(thread)}. This run used ${ms(total)} per request: gateway ${ms(cpu.gateway)}, subgraphs ${ms(cpu.subgraphs)}, ` +
    `load generator ${ms(cpu.load)} (${fig((total * neededRps) / 1000, 2)} cores at ${fig(neededRps)} req/s).`;
  const busy = (total * neededRps) / (cores * 1000);
  if (allowance <= 0) return `${parts} The subgraphs and the load generator alone exceed the machine at that rate: not reachable here whatever the gateway does.`;
  if (cpu.gateway > allowance) return `${parts} The gateway would have to answer in at most ${ms(allowance)} of CPU per request (now ${ms(cpu.gateway)}).`;
  return (
    `${parts} The work fits, with the cores ${Math.round(busy * 100)}% busy on average: what is missing is headroom. Requests arrive evenly ` +
    'but are served by several processes and threads sharing the cores, so each waits behind the others\' work, and past about 70–80% busy ' +
    'that waiting, not the work, sets the tail latency.'
  );
}

/** The verdicts as text: one line per target, and the reason under each missed one. */
export function verdictText(title: string, verdicts: readonly TargetVerdict[]): string {
  const mark = (v: TargetVerdict) => (v.met === null ? '?' : v.met ? '✓' : '✗');
  const lines = [`${title}:`];
  for (const v of verdicts) {
    lines.push(`  ${mark(v)} ${v.target}: ${v.measured ?? 'n/a'} (target ${v.goal})`);
    if (v.why) lines.push(`      why: ${v.why}`);
  }
  return lines.join('\n');
}
