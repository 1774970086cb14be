// The one seam into @apollo/gateway's internals: which result shaping its executor calls after a query plan has run.
//
// @apollo/gateway has no option for this. Its executor calls `computeResponse` through the
// exports object of its own dist/resultShaping.js, so replacing that property swaps the
// shaping for every request. The version is pinned in package.json; if an upgrade moves
// the function, start-up fails here with a clear message instead of silently keeping the
// slower walk, and `result-shaping.test.ts` proves the swap is what executes.
import { createRequire } from 'node:module';
import { computeResponse } from './result-shaping.ts';

/** `compiled`: Singleview's result shaping (the default). `apollo`: @apollo/gateway's own, for comparison or as an escape hatch. */
export type ResultShaping = 'compiled' | 'apollo';
export const RESULT_SHAPINGS = ['compiled', 'apollo'] as const;

const MODULE = '@apollo/gateway/dist/resultShaping.js';
type Shaper = (...args: never[]) => unknown;
/** Apollo's own function, kept on the module object, which outlives any one evaluation of this file (test runners re-evaluate ES modules, not CommonJS ones). */
const APOLLOS = Symbol.for('singleview.apollo-gateway.computeResponse');
type ShapingModule = { computeResponse: Shaper; [APOLLOS]: Shaper };

function shapingModule(): ShapingModule {
  const loaded = createRequire(import.meta.url)(MODULE) as Partial<ShapingModule>;
  if (typeof loaded.computeResponse !== 'function') {
    throw new Error(`${MODULE} no longer exports computeResponse: @apollo/gateway changed, see gateway/execution/install.ts before upgrading it`);
  }
  // Every swap goes through here, so the first call in a process sees Apollo's function.
  loaded[APOLLOS] ??= loaded.computeResponse;
  return loaded as ShapingModule;
}

/** Make the gateway's executor shape results with `mode`; a process has one executor module, so this is process-wide. */
export function useResultShaping(mode: ResultShaping): void {
  const shaping = shapingModule();
  shaping.computeResponse = mode === 'compiled' ? (computeResponse as Shaper) : shaping[APOLLOS];
}

/** Which shaping the executor calls now. */
export function activeResultShaping(): ResultShaping {
  const shaping = shapingModule();
  return shaping.computeResponse === shaping[APOLLOS] ? 'apollo' : 'compiled';
}

/** @apollo/gateway's own computeResponse, whichever is active: the reference the compiled shaping is tested against. */
export function apolloComputeResponse(): Shaper {
  return shapingModule()[APOLLOS];
}
