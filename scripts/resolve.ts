// `npm run resolve`: a full identity resolution over every source record in the identity store, with a progress bar and a summary.
//
//   npm run resolve                              # the store named by IDENTITY_MONGODB_URI / MONGODB_URI
//   npm run resolve -- --generate 100000         # first load the simulated enterprise's records (100,000 persons)
//
// The embedded memory store lives inside one process, so a fresh `npm run resolve` on it starts
// empty: `--generate N` (with `--seed S`) loads the simulator's records first, through the same
// mapping as /ingest/records. On MongoDB the records are already there, pushed by the legacy
// systems; `--generate` then adds (or refreshes) the simulator's records. The last line printed is
// one JSON object.
import cliProgress from 'cli-progress';
import { ConfigError } from '../runtime/config.ts';
import { mongoUriOf, openDocumentDatabase, redactUri } from '../subgraphs/kit/store/open.ts';
import { openIdentityStore } from '../subgraphs/identity/adapters/document-store.ts';
import { toSourceRecord } from '../subgraphs/identity/ingest/source-records.ts';
import { resolveAll, type ResolutionPhase } from '../subgraphs/identity/resolution-service.ts';
import type { IdentityStore } from '../subgraphs/identity/source.ts';
import { generateEnterprise } from '../simulator/generator/index.ts';
import { nativeRecords } from '../simulator/identity-feed.ts';

const LOAD_BATCH = 5_000;

function parseArgs(argv: string[]): { generate?: number; seed?: string } {
  const args: { generate?: number; seed?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (flag === '--generate') {
      const persons = Number(value);
      if (!Number.isInteger(persons) || persons < 1) throw new ConfigError('--generate', `expected a number of persons, got "${value}"`);
      args.generate = persons;
    } else if (flag === '--seed') {
      args.seed = value;
    } else {
      throw new ConfigError(flag, 'unknown option (use --generate N, --seed S)');
    }
  }
  return args;
}

const PHASES: Record<ResolutionPhase | 'load', string> = { load: 'load records', read: 'read records', resolve: 'resolve', write: 'write customers' };

function progressBar() {
  const bar = new cliProgress.SingleBar(
    { format: '{phase} |{bar}| {percentage}% {value}/{total} | {duration_formatted}', hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let current: string | undefined;
  return {
    update(phase: ResolutionPhase | 'load', done: number, total: number) {
      const label = PHASES[phase].padEnd(15);
      if (current !== phase) {
        if (current !== undefined) bar.stop();
        bar.start(Math.max(total, 1), done, { phase: label });
        current = phase;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { phase: label });
    },
    stop: () => bar.stop(),
  };
}

/** Loads the simulated enterprise's records into the store, mapped exactly as /ingest/records maps them. */
async function loadGenerated(store: IdentityStore, persons: number, seed: string | undefined, progress: ReturnType<typeof progressBar>): Promise<number> {
  const data = generateEnterprise({ persons, seed });
  const natives = Object.entries(nativeRecords(data));
  const total = natives.reduce((sum, [, records]) => sum + records.length, 0);
  const now = new Date().toISOString();
  let done = 0;
  for (const [system, records] of natives) {
    for (let i = 0; i < records.length; i += LOAD_BATCH) {
      const batch = records.slice(i, i + LOAD_BATCH).map((native) => toSourceRecord(system as 'crm', native as Record<string, unknown>, now));
      await store.putSourceRecords(batch);
      done += batch.length;
      progress.update('load', done, total);
    }
  }
  return total;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const uri = mongoUriOf(process.env, 'IDENTITY_MONGODB_URI');
  const db = await openDocumentDatabase(uri, 'singleview_identity');
  const store = await openIdentityStore(db);
  const progress = progressBar();
  console.log(`identity store: ${redactUri(uri)}`);
  try {
    const loaded = args.generate === undefined ? 0 : await loadGenerated(store, args.generate, args.seed, progress);
    const { summary } = await resolveAll(store, { onProgress: (phase, done, total) => progress.update(phase, done, total) });
    progress.stop();
    if (summary.records === 0 && args.generate === undefined && uri.startsWith('memory://')) {
      console.log('The embedded memory store is empty in a fresh process: load records with --generate N, or point MONGODB_URI at a store.');
    }
    const blocked = Object.values(summary.mergesBlocked).reduce((sum, count) => sum + count, 0);
    console.log(`
source records      ${summary.records.toLocaleString('en-US')}${loaded > 0 ? ` (${loaded.toLocaleString('en-US')} loaded from the simulator)` : ''}
links               ${summary.links.toLocaleString('en-US')} merged
customers           ${summary.customers.toLocaleString('en-US')} (${summary.written.toLocaleString('en-US')} written, ${summary.removed.toLocaleString('en-US')} removed, ${summary.aliases.toLocaleString('en-US')} new aliases)
merges blocked      ${blocked.toLocaleString('en-US')} ${JSON.stringify(summary.mergesBlocked)}
steward operations  ${summary.stewardOperations} in force
time                ${summary.seconds.toFixed(1)} s ${JSON.stringify(summary.timings)}`);
    console.log(
      JSON.stringify({
        records: summary.records,
        links: summary.links,
        customers: summary.customers,
        mergesBlocked: blocked,
        written: summary.written,
        seconds: Math.round(summary.seconds * 100) / 100,
      }),
    );
  } finally {
    progress.stop();
    await store.close();
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
