// Which query-plan executor and result shaping @apollo/gateway runs: Singleview's (the default) or Apollo's own.
//
// Both are process-wide (a process has one @apollo/gateway module). `apollo-seams.ts` holds
// the one reach into the pinned gateway's internals; the tests prove the swap is what runs.
import { planExecutorSeam, resultShapingSeam, type ComputeResponse } from './apollo-seams.ts';
import { executeQueryPlan } from './plan-executor.ts';
import { computeResponse } from './result-shaping.ts';

/** `compiled`: Singleview's result shaping. `apollo`: @apollo/gateway's own, for comparison or as an escape hatch. */
export type ResultShaping = 'compiled' | 'apollo';
export const RESULT_SHAPINGS = ['compiled', 'apollo'] as const;
/** `singleview`: plan-executor.ts. `apollo`: @apollo/gateway's own executeQueryPlan. */
export type PlanExecutor = 'singleview' | 'apollo';
export const PLAN_EXECUTORS = ['singleview', 'apollo'] as const;

export function useResultShaping(mode: ResultShaping): void {
  resultShapingSeam.use(mode === 'compiled' ? computeResponse : undefined);
}

export function activeResultShaping(): ResultShaping {
  return resultShapingSeam.current() === resultShapingSeam.apollo ? 'apollo' : 'compiled';
}

/** @apollo/gateway's own computeResponse, whichever is active: the reference the compiled shaping is tested against. */
export function apolloComputeResponse(): ComputeResponse {
  return resultShapingSeam.apollo;
}

export function usePlanExecutor(mode: PlanExecutor): void {
  planExecutorSeam.use(mode === 'singleview' ? executeQueryPlan : undefined);
}

export function activePlanExecutor(): PlanExecutor {
  return planExecutorSeam.current() === planExecutorSeam.apollo ? 'apollo' : 'singleview';
}
