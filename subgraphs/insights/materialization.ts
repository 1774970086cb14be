// The materialized segment membership: written through when customers are evaluated, re-evaluated when a rule changes, finalized by a refresh.
//
// Incremental: whenever a request computes a customer's full feature document (Customer.segments
// or Customer.features), the customer's snapshot (features + matching segment ids) is written
// through, in one batch per request, unless it is unchanged; a customer whose data changed is
// therefore re-materialized the next time anyone looks at them. Snapshots computed while a
// system was failing (a required field came back null) are not written. A new or changed rule
// is evaluated at once against every stored snapshot. `npm run segments` evaluates every
// customer through the gateway between startRefresh and completeRefresh; completion removes
// customers that no longer exist, recomputes the RFM cut points and product affinity, and
// re-evaluates every snapshot when the cut points moved.
import { createHash, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../runtime/logger.ts';
import { SETTINGS, type SegmentCatalog } from './catalog.ts';
import { EngagementCounter } from './engagement-metrics.ts';
import { rescoreRfm, type FeatureDocument } from './features.ts';
import type { MembershipSnapshot, RefreshRun, SegmentDefinition } from './model.ts';
import { AffinityCounter } from './product-affinity.ts';
import { computeCutPoints, sameCutPoints, type RfmInputs } from './rfm.ts';
import { matches } from './rules/explain.ts';
import { segmentIdsOf } from './segment-evaluation.ts';
import type { InsightsStore } from './source.ts';

export interface SnapshotInput {
  id: string;
  features: FeatureDocument;
  segments: string[];
  productNames: Record<string, string>;
}

const SCAN_BATCH = 1_000;

export function fingerprintOf(features: FeatureDocument, segments: string[]): string {
  return createHash('sha1').update(JSON.stringify(features)).update(segments.join(',')).digest('base64url');
}

export class Materializer {
  private readonly store: InsightsStore;
  private readonly catalog: SegmentCatalog;
  private readonly logger: Logger | undefined;
  /** What this process last wrote per customer, so unchanged snapshots are not written again. */
  private readonly written = new LRUCache<string, { fingerprint: string; at: string }>({ max: 250_000 });

  constructor(store: InsightsStore, catalog: SegmentCatalog, logger?: Logger) {
    this.store = store;
    this.catalog = catalog;
    this.logger = logger;
  }

  /** Write the snapshots that changed (during a refresh run, every snapshot not yet written in it). */
  async writeThrough(inputs: SnapshotInput[]): Promise<void> {
    const { activeRun } = await this.catalog.current();
    const now = new Date().toISOString();
    const changed: MembershipSnapshot[] = [];
    const fingerprints: string[] = [];
    for (const input of inputs) {
      const fingerprint = fingerprintOf(input.features, input.segments);
      const last = this.written.get(input.id);
      if (last && last.fingerprint === fingerprint && (!activeRun || last.at >= activeRun.startedAt)) continue;
      changed.push({ _id: input.id, segments: input.segments, features: input.features, refreshedAt: now, productNames: input.productNames });
      fingerprints.push(fingerprint);
    }
    if (changed.length === 0) return;
    await this.store.putSnapshots(changed);
    changed.forEach((s, i) => this.written.set(s._id, { fingerprint: fingerprints[i], at: now }));
  }

  /** Re-evaluate one definition against every snapshot (a new or changed rule); returns the member count. */
  async evaluateEverywhere(definition: SegmentDefinition): Promise<number> {
    let members = 0;
    await this.rewriteAll((snapshot) => {
      const should = matches(definition.rule, snapshot.features);
      if (should) members++;
      const has = snapshot.segments.includes(definition._id);
      if (should === has) return null;
      return { ...snapshot, segments: should ? [...snapshot.segments, definition._id].sort() : snapshot.segments.filter((id) => id !== definition._id) };
    });
    return members;
  }

  /** Remove a deleted definition from every snapshot. */
  async removeEverywhere(segmentId: string): Promise<void> {
    await this.rewriteAll((snapshot) => (snapshot.segments.includes(segmentId) ? { ...snapshot, segments: snapshot.segments.filter((id) => id !== segmentId) } : null));
  }

  private async rewriteAll(change: (snapshot: MembershipSnapshot) => MembershipSnapshot | null): Promise<number> {
    let rewritten = 0;
    for await (const batch of this.store.scanSnapshots(SCAN_BATCH)) {
      const out: MembershipSnapshot[] = [];
      for (const snapshot of batch) {
        const next = change(snapshot);
        if (next) out.push(next);
      }
      await this.store.putSnapshots(out);
      for (const s of out) this.written.delete(s._id);
      rewritten += out.length;
    }
    return rewritten;
  }

  async startRefresh(): Promise<RefreshRun> {
    const run: RefreshRun = { _id: `run_${randomUUID().slice(0, 12)}`, status: 'RUNNING', startedAt: new Date().toISOString(), completedAt: null, customers: 0, removed: 0, rescored: 0, error: null };
    await this.store.putRun(run);
    this.catalog.invalidate();
    return run;
  }

  /** Mark the run as finalizing and finish it in the background (it may take longer than a gateway call may wait). */
  async completeRefresh(run: RefreshRun): Promise<RefreshRun> {
    const finalizing: RefreshRun = { ...run, status: 'FINALIZING' };
    await this.store.putRun(finalizing);
    this.catalog.invalidate();
    // Started on the next turn of the event loop, so that this answer leaves before the scan begins.
    setImmediate(() =>
      void this.finalize(finalizing).catch(async (error: unknown) => {
        this.logger?.error({ err: error, run: run._id }, 'segment refresh failed to finalize');
        await this.store.putRun({ ...finalizing, status: 'FAILED', completedAt: new Date().toISOString(), error: 'finalization failed; see the insights log' });
      }),
    );
    return finalizing;
  }

  private async finalize(run: RefreshRun): Promise<void> {
    const removed = await this.store.deleteSnapshotsRefreshedBefore(run.startedAt);
    const buyers: RfmInputs[] = [];
    const affinity = new AffinityCounter();
    let customers = 0;
    for await (const batch of this.store.scanSnapshots(SCAN_BATCH)) {
      for (const s of batch) {
        customers++;
        const { orderCount, daysSinceLastOrder, totalSpend } = s.features.purchase;
        if (orderCount > 0) buyers.push({ orderCount, daysSinceLastOrder, totalSpend });
        affinity.add(s);
      }
    }
    const state = await this.catalog.current();
    const cuts = computeCutPoints(buyers);
    let rescored = 0;
    if (!sameCutPoints(cuts, state.cutPoints)) {
      rescored = await this.rewriteAll((snapshot) => {
        const features = rescoreRfm(snapshot.features, cuts);
        const segments = segmentIdsOf(features, state.definitions);
        return JSON.stringify(features.rfm) === JSON.stringify(snapshot.features.rfm) && segments.join() === snapshot.segments.join() ? null : { ...snapshot, features, segments };
      });
    }
    const completedAt = new Date().toISOString();
    await this.store.putSetting(SETTINGS.cutPoints, cuts);
    await this.store.putSetting(SETTINGS.affinity, affinity.result());
    await this.store.putSetting(SETTINGS.builtInsMaterializedAt, completedAt);
    await this.store.putRun({ ...run, status: 'COMPLETED', completedAt, customers, removed, rescored });
    this.catalog.invalidate();
  }

  /** Engagement over a segment's members, or every customer, from the snapshots. */
  async engagement(segmentId: string | null) {
    const counter = new EngagementCounter();
    for await (const batch of this.store.scanSnapshots(SCAN_BATCH)) {
      for (const s of batch) if (segmentId === null || s.segments.includes(segmentId)) counter.add(s);
    }
    return counter.result(segmentId);
  }
}
