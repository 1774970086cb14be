// One client's rate limit holds across two gateway processes that share a Redis: the bucket lives in Redis, not in either process.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayProcess } from '../../scripts/gateway-process.ts';
import { redis } from '../support/services.ts';
import { authHeaders, TEST_CALLER } from '../support/stack.ts';

const server = redis();
const CAPACITY = 4;

describe.skipIf(!server.url)('rate limits shared through Redis', () => {
  const gateways: { child: ChildProcess; url: string }[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'sv-ratelimit-'));
  const client = `rl-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    const policyFile = join(dir, 'policy.json');
    // A client with a bucket of 4 that refills once every 100 s: 4 requests, whichever process takes them.
    writeFileSync(policyFile, JSON.stringify({ clients: { [client]: { consumer: 'service', rateLimit: { capacity: CAPACITY, refillPerSecond: 0.01 } } } }));
    const env = {
      PORT: '0',
      LOG_LEVEL: 'info',
      REDIS_URL: server.url!,
      RATE_LIMIT_PREFIX: `singleview-test:${client}:`,
      GATEWAY_POLICY_FILE: policyFile,
      AUDIT_FILE: join(dir, 'audit.jsonl'),
      SUPERGRAPH_WATCH: 'false',
    };
    gateways.push(...(await Promise.all([startGatewayProcess(env), startGatewayProcess(env)])));
  }, 60_000);

  afterAll(() => {
    for (const { child } of gateways) child.kill('SIGTERM');
  });

  it('lets the client through as many times as its bucket holds, across both processes, then answers 429 with Retry-After', async () => {
    const headers = { 'content-type': 'application/json', ...(await authHeaders({ ...TEST_CALLER, subject: client, clientId: client })) };
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 2 * CAPACITY; i++) {
      const { url } = gateways[i % 2];
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: '{ __typename }' }) });
      statuses.push(response.status);
      if (response.status === 429) retryAfter ??= response.headers.get('retry-after');
      await response.arrayBuffer();
    }
    // Alone, each process would have let 4 through (8 in all): together they let 4 through.
    expect(statuses.filter((s) => s === 200)).toHaveLength(CAPACITY);
    expect(statuses.slice(CAPACITY)).toEqual(Array(CAPACITY).fill(429));
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
