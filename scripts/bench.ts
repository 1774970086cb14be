// `npm run bench`: the gateway benchmark (issue 7). Prints tables; its last line is one JSON object with every figure.
//
//   npm run bench [-- --scenario guild|customer360|all] [--json] [--quick] [--rounds N] [--duration S]
//                 [--warmup S] [--workers N] [--connections N] [--persons N] [--hive-jit]
// See bench/README.md for what each scenario measures and the fairness rules.
import { parseArgs } from 'node:util';
import { stopAll, WORK_DIR } from '../bench/harness/processes.ts';
import { machineInfo, progress, type ScenarioReport } from '../bench/harness/report.ts';
import { runCustomer360 } from '../bench/scenarios/customer360.ts';
import { runGuild } from '../bench/scenarios/guild.ts';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'all' },
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    workers: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    persons: { type: 'string' },
    'hive-jit': { type: 'boolean', default: false },
  },
});

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return value;
}

const scenarios = values.scenario === 'all' ? ['guild', 'customer360'] : [values.scenario];
for (const name of scenarios) if (name !== 'guild' && name !== 'customer360') throw new Error(`--scenario must be guild, customer360 or all, got "${name}"`);
const quick = values.quick;
const rounds = positiveInt('rounds', values.rounds, 3);
const seconds = positiveInt('duration', values.duration, quick ? 3 : 20);
const warmupSeconds = positiveInt('warmup', values.warmup, quick ? 2 : 10);
const workers = positiveInt('workers', values.workers, 1);
const connections = positiveInt('connections', values.connections, 50);
// The in-memory backend holds 100k persons; FerretDB v1 (SQLite) scans whole collections per query, so much less there.
const mongo = Boolean(process.env.MONGODB_URI);
const persons = positiveInt('persons', values.persons, quick ? 1_000 : mongo ? 2_000 : 100_000);

const machine = machineInfo();
const out = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);
out(`Singleview gateway benchmark on ${machine.cores} cores (${machine.cpu}), ${machine.memory_gb} GB, Node ${machine.node}, load average ${machine.load_average_1m}`);
out('Every target runs on this same Node binary, against the same subgraphs. The machine is shared and noisy: ratios between targets measured in the same run are what count.\n');

const started = performance.now();
const figures: Record<string, unknown> = {};
const notes: string[] = [];
let failed = false;
/** The report's end: notes, then the JSON line (also when interrupted or failed). */
const finish = () => {
  for (const note of notes) out(`note: ${note}`);
  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; children's logs in ${WORK_DIR}`);
  console.log(
    JSON.stringify({
      scenario: values.scenario,
      quick,
      ok: !failed,
      machine,
      seconds_total: Math.round((performance.now() - started) / 1000),
      ...figures,
      notes,
      note: 'Shared 2-core machine: absolute figures are noisy; compare the ratios between targets measured in the same run.',
    }),
  );
};
const stop = async (signal: string) => {
  failed = true;
  notes.push(`FAILED: interrupted by ${signal}`);
  await stopAll();
  finish();
  process.exit(130);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
try {
  for (const scenario of scenarios) {
    const report: ScenarioReport =
      scenario === 'guild'
        ? await runGuild({ rounds, seconds, warmupSeconds, connections, workers, hiveJit: values['hive-jit'] })
        : await runCustomer360({
            // --quick measures one round per load, so that both scenarios fit in two minutes.
            rounds: quick && values.rounds === undefined ? 1 : rounds,
            seconds,
            warmupSeconds,
            workers,
            persons,
            quick,
            backend: mongo ? 'mongodb' : 'memory',
          });
    await stopAll();
    out(`${report.text}\n`);
    Object.assign(figures, report.figures);
    notes.push(...report.notes);
  }
} catch (error) {
  failed = true;
  notes.push(`FAILED: ${(error as Error).message}`);
  const cause = (error as Error).cause;
  process.stderr.write(`${(error as Error).stack}${cause ? `\ncause: ${(cause as Error).stack ?? String(cause)}` : ''}\n(children's logs: ${WORK_DIR})\n`);
} finally {
  await stopAll();
}
finish();
process.exit(failed ? 1 : 0);
