// Data-steward operations on the identity graph: merge, unmerge, prevent-match and revert, each logged before it is applied.
import { createHash } from 'node:crypto';
import { recordKey, type SourceSystemId } from '../../kit/source-system.ts';
import type { IdentityGraph } from '../identity-graph.ts';
import type { CustomerDoc, CustomerSnapshot, MergeLogDoc, StewardConstraintsDoc, StewardOperationKind } from '../model.ts';
import type { IdentityIndex, IncrementalChange } from '../resolution/index.ts';
import { keysOfEntry, snapshotsOf } from '../resolution-service.ts';
import { constraintsFromLog, forcedPairs, type StewardConstraints } from './constraints.ts';

/** A steward's request that cannot be carried out, naming the argument at fault. */
export class StewardInputError extends Error {
  readonly argumentName: string;
  constructor(argumentName: string, message: string) {
    super(message);
    this.name = 'StewardInputError';
    this.argumentName = argumentName;
  }
}

/** One side of a prevent-match: a customer (all its records) or one source record. */
export interface StewardTarget {
  customerId?: string | null;
  record?: { system: SourceSystemId; id: string } | null;
}

export interface StewardResult {
  /** The log entry; null when the request changed nothing (already so) and no earlier entry did it. */
  operation: MergeLogDoc | null;
  /** The customers that hold the operation's records now. */
  customers: CustomerSnapshot[];
}

/** What an operation will do, before it is logged. */
interface Plan {
  kind: StewardOperationKind;
  input: Record<string, unknown>;
  before: CustomerSnapshot[];
  constraints: StewardConstraintsDoc;
  target?: string;
  apply: (index: IdentityIndex, tag: string) => IncrementalChange;
}

const MAX_MERGE = 50;
const EMPTY: StewardConstraintsDoc = { forceMerge: [], neverMerge: [] };

export class StewardOperations {
  private readonly graph: IdentityGraph;

  constructor(graph: IdentityGraph) {
    this.graph = graph;
  }

  /** Merges customers into one (the survivor keeps the ID most of the records had); the others' IDs become aliases. */
  async merge(customerIds: readonly string[], reason: string, actor: string): Promise<StewardResult> {
    if (customerIds.length < 2 || customerIds.length > MAX_MERGE) throw new StewardInputError('ids', `must hold 2 to ${MAX_MERGE} customer IDs, got ${customerIds.length}`);
    return this.run(reason, actor, async (steward) => {
      const customers = await this.customers(customerIds, 'ids');
      const input = { customerIds: [...new Set(customerIds)].sort() };
      if (customers.length < 2) return this.alreadyDone(steward, 'merge', input, customers);
      const groups = customers.map((customer) => customer.records.map((r) => r.key));
      for (const entry of steward.inForce.values()) {
        for (const { a: sideA, b: sideB } of entry.constraints.neverMerge) {
          const inA = groups.findIndex((group) => group.some((key) => sideA.includes(key)));
          const inB = groups.findIndex((group) => group.some((key) => sideB.includes(key)));
          if (inA >= 0 && inB >= 0 && inA !== inB) {
            throw new StewardInputError('ids', `customers ${customers[inA]._id} and ${customers[inB]._id} are kept apart by steward operation ${entry._id}: revert it first`);
          }
        }
      }
      const pairs = forcedPairs(groups.flat());
      return { kind: 'merge', input, before: snapshotsOf(groups.flat(), holderIn(customers)), constraints: { forceMerge: pairs.map(([a, b]) => ({ a, b })), neverMerge: [] }, apply: (index, tag) => index.forceMergeAll(pairs, tag) };
    });
  }

  /** Takes one source record out of its customer, into a customer of its own, and keeps it out. */
  async unmerge(system: SourceSystemId, id: string, reason: string, actor: string): Promise<StewardResult> {
    const key = recordKey(system, id);
    return this.run(reason, actor, async (steward) => {
      const holderId = (await this.graph.store.customerIdsByRecordKey([key])).get(key);
      if (holderId === undefined) throw new StewardInputError('id', `no customer holds ${system.toUpperCase()} record "${id}"`);
      const [customer] = await this.customers([holderId], 'id');
      const input = { record: key };
      if (customer.records.length === 1) return this.alreadyDone(steward, 'unmerge', input, [customer]);
      const others = customer.records.map((r) => r.key).filter((member) => member !== key);
      const constraints: StewardConstraintsDoc = { forceMerge: [], neverMerge: [{ a: [key], b: others }] };
      return { kind: 'unmerge', input, before: snapshotsOf([key], holderIn([customer])), constraints, apply: (index, tag) => index.preventMatch([key], others, tag) };
    });
  }

  /** Keeps two customers or records apart from now on, splitting them if they are one customer today. */
  async preventMatch(a: StewardTarget, b: StewardTarget, reason: string, actor: string): Promise<StewardResult> {
    return this.run(reason, actor, async () => {
      const sideA = await this.side(a, 'a');
      const sideB = await this.side(b, 'b');
      if (sideA.keys.some((key) => sideB.keys.includes(key))) {
        throw new StewardInputError('b', 'names records that are also on side "a" (to take a record out of its own customer, use unmergeSourceRecord)');
      }
      const keys = [...sideA.keys, ...sideB.keys];
      const holderIds = await this.graph.store.customerIdsByRecordKey(keys);
      const holders = await this.customers([...new Set(holderIds.values())], 'a');
      const constraints: StewardConstraintsDoc = { forceMerge: [], neverMerge: [{ a: sideA.keys, b: sideB.keys }] };
      return {
        kind: 'preventMatch',
        input: { a: sideA.label, b: sideB.label },
        before: snapshotsOf(keys, holderIn(holders)),
        constraints,
        apply: (index, tag) => index.preventMatch(sideA.keys, sideB.keys, tag),
      };
    });
  }

  /** Undoes an operation: its constraints are dropped and its records re-resolved. */
  async revert(operationId: string, reason: string, actor: string): Promise<StewardResult> {
    return this.run(reason, actor, async (steward, log) => {
      const target = log.find((entry) => entry._id === operationId);
      if (target === undefined) throw new StewardInputError('id', `no steward operation "${operationId}"`);
      if (target.kind === 'revert') throw new StewardInputError('id', `"${operationId}" is a revert; repeat the original operation instead`);
      if (!steward.inForce.has(operationId)) {
        const done = log.find((entry) => entry.kind === 'revert' && entry.target === operationId)!;
        return { operation: done, customers: await this.holders(keysOfEntry(target)) };
      }
      const keys = keysOfEntry(target);
      const holders = await this.customers([...new Set((await this.graph.store.customerIdsByRecordKey(keys)).values())], 'id');
      return { kind: 'revert', input: { operationId }, target: operationId, before: snapshotsOf(keys, holderIn(holders)), constraints: EMPTY, apply: (index) => index.release(operationId) };
    });
  }

  /**
   * Logs the planned operation as pending, applies it to the graph, then marks it applied. A
   * retried request (same operation on the same state) finds its own entry and does nothing twice.
   */
  private async run(reason: string, actor: string, plan: (steward: StewardConstraints, log: MergeLogDoc[]) => Promise<Plan | StewardResult>): Promise<StewardResult> {
    const why = reason.trim();
    if (why === '' || why.length > 1_000) throw new StewardInputError('reason', 'must be 1 to 1,000 characters');
    return this.graph.exclusive(async () => {
      const log = await this.graph.store.allLogEntries();
      const steward = constraintsFromLog(log);
      const planned = await plan(steward, log);
      if (!('kind' in planned)) return planned;
      const id = operationId(planned, log, steward);
      const existing = log.find((entry) => entry._id === id);
      if (existing?.status === 'applied') return { operation: existing, customers: await this.holders(keysOfEntry(existing)) };
      const entry: MergeLogDoc = existing ?? {
        _id: id,
        kind: planned.kind,
        actor,
        reason: why,
        at: new Date().toISOString(),
        status: 'pending',
        appliedAt: null,
        input: planned.input,
        constraints: planned.constraints,
        before: planned.before,
        after: null,
        customerIds: planned.before.map((c) => c.id),
        ...(planned.target === undefined ? {} : { target: planned.target }),
      };
      if (existing === undefined) await this.graph.store.appendLogEntry(entry);
      try {
        const keys = keysOfEntry(entry);
        const after = await this.graph.applySteward(keys, (index) => planned.apply(index, id));
        const appliedAt = new Date().toISOString();
        await this.graph.store.markLogApplied(id, after, appliedAt);
        return { operation: { ...entry, status: 'applied', after, appliedAt, customerIds: [...new Set([...entry.customerIds, ...after.map((c) => c.id)])].sort() }, customers: after };
      } catch (error) {
        // The index may be ahead of the store: rebuild it (and finish this entry) from the store and the log.
        this.graph.invalidate();
        throw error;
      }
    });
  }

  /** A request that changes nothing: the latest entry in force that made it so, if any. */
  private async alreadyDone(steward: StewardConstraints, kind: StewardOperationKind, input: Record<string, unknown>, customers: CustomerDoc[]): Promise<StewardResult> {
    const same = [...steward.inForce.values()].filter((entry) => entry.kind === kind && JSON.stringify(entry.input) === JSON.stringify(input));
    const operation = same.length > 0 ? same[same.length - 1] : null;
    return { operation, customers: snapshotsOf(customers.flatMap((c) => c.records.map((r) => r.key)), holderIn(customers)) };
  }

  private async side(target: StewardTarget, argumentName: string): Promise<{ keys: string[]; label: string }> {
    const hasCustomer = target.customerId != null;
    const hasRecord = target.record != null;
    if (hasCustomer === hasRecord) throw new StewardInputError(argumentName, 'must name exactly one of "customerId" or "record"');
    if (hasCustomer) {
      const [customer] = await this.customers([target.customerId!], argumentName);
      return { keys: customer.records.map((r) => r.key).sort(), label: customer._id };
    }
    const key = recordKey(target.record!.system, target.record!.id);
    if ((await this.graph.store.customerIdsByRecordKey([key])).size === 0) {
      throw new StewardInputError(argumentName, `no customer holds ${target.record!.system.toUpperCase()} record "${target.record!.id}"`);
    }
    return { keys: [key], label: key };
  }

  /** Distinct customers by ID (merged-away IDs resolve to their survivor); an unknown ID is an input error. */
  private async customers(ids: readonly string[], argumentName: string): Promise<CustomerDoc[]> {
    const found = await this.graph.store.customersById(ids);
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) throw new StewardInputError(argumentName, `names unknown customer ${unknown.join(', ')}`);
    const distinct = new Map<string, CustomerDoc>();
    for (const id of ids) distinct.set(found.get(id)!._id, found.get(id)!);
    return [...distinct.values()];
  }

  private async holders(keys: string[]): Promise<CustomerSnapshot[]> {
    const ids = await this.graph.store.customerIdsByRecordKey(keys);
    const docs = await this.graph.store.customersById([...new Set(ids.values())]);
    return snapshotsOf(keys, (key) => docs.get(ids.get(key) ?? ''));
  }
}

function holderIn(customers: readonly CustomerDoc[]): (key: string) => CustomerDoc | undefined {
  const byKey = new Map<string, CustomerDoc>();
  for (const customer of customers) for (const record of customer.records) byKey.set(record.key, customer);
  return (key) => byKey.get(key);
}

/**
 * The operation's deterministic ID: what it does (kind and request) to which state (the customers
 * before). The same request on the same state is the same operation. After a revert, the same
 * operation may be made again: it then takes the next free suffix (`.2`, `.3`, ...).
 */
function operationId(plan: Plan, log: readonly MergeLogDoc[], steward: StewardConstraints): string {
  // An operation is reverted at most once, so a revert is named by its target alone.
  const state = plan.kind === 'revert' ? [] : plan.before;
  const base = `op_${createHash('sha256').update(JSON.stringify([plan.kind, plan.input, state])).digest('hex').slice(0, 24)}`;
  const ids = new Set(log.map((entry) => entry._id));
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}.${n}`;
    if (!ids.has(id) || steward.inForce.has(id) || plan.kind === 'revert') return id;
  }
}
