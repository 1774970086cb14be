// The same system on real servers: loyalty, channel and identity stores on a MongoDB wire-protocol server, the ERP on PostgreSQL.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../scripts/stack.ts';
import { findSampleCustomer, sampleQuery } from '../../scripts/sample.ts';
import { openDocumentDatabase } from '../../subgraphs/kit/store/open.ts';
import { inDatabase } from '../support/backends.ts';
import { mongo, postgres } from '../support/services.ts';
import { gql, startTestStack } from '../support/stack.ts';

const mongoServer = mongo();
const pgServer = postgres();
const unique = `sv_e2e_${randomUUID().slice(0, 8)}`;

/** A schema of its own on the shared PostgreSQL, selected through the connection's search_path. */
function inSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

describe.skipIf(!mongoServer.url || !pgServer.url)('customer 360 on MongoDB and PostgreSQL', () => {
  let stack: Stack;
  const mongoUri = mongoServer.url ? inDatabase(mongoServer.url, unique) : '';
  const erpUrl = pgServer.url ? inSchema(pgServer.url, unique) : '';

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: pgServer.url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${unique}`);
    await admin.end();
    // FerretDB on SQLite scans whole collections, so this leg runs on a small enterprise.
    stack = await startTestStack({ persons: 150, mongoUri, erpDatabaseUrl: erpUrl });
  });

  afterAll(async () => {
    await stack?.close();
    const db = await openDocumentDatabase(mongoUri, unique);
    await db.drop();
    await db.close();
    const admin = new pg.Client({ connectionString: pgServer.url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${unique} CASCADE`);
    await admin.end();
  });

  it('serves the customer-360 query with data from every subgraph', async () => {
    const id = await findSampleCustomer(stack.gateway.graphqlUrl);
    const { body } = await gql(stack.gateway.graphqlUrl, sampleQuery, { id });
    expect(body.errors).toBeUndefined();
    const c = body.data.customer;
    expect(c.systems).toEqual(['CRM', 'ERP', 'MEMBERSHIP', 'CHANNEL']);
    expect(c.orders.totalCount).toBeGreaterThan(0);
    expect(c.membership.tier).toBeTruthy();
    expect(c.touchpoints.nodes.length).toBeGreaterThan(0);
    expect(c.journey.systems.length).toBeGreaterThanOrEqual(3);
  });

  it('reports both servers as the stores behind the subgraphs', async () => {
    for (const name of ['identity', 'erp', 'membership', 'channel'] as const) {
      const ready = await fetch(`${stack.subgraphs[name].url}/readyz`);
      expect(ready.status).toBe(200);
    }
    const metrics = await (await fetch(`${stack.subgraphs.erp.url}/metrics`)).text();
    expect(metrics).toMatch(/singleview_legacy_calls_total\{[^}]*operation="orderPages"/);
  });
});
