// A gateway without Redis, OTLP or MongoDB configured must not load their packages: each costs about 20-35 MB of RSS per process.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const OPTIONAL = ['@redis/client', '@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/sdk-trace-node', 'mongodb', 'mingo'];

/** Starts a fresh Node on `script` and returns the optional packages it had loaded at the end. */
async function loadedAfter(script: string): Promise<string[]> {
  const probe = `${script}
const { createRequire } = await import('node:module');
const loaded = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify(${JSON.stringify(OPTIONAL)}.filter((name) => loaded.some((file) => file.includes('/node_modules/' + name + '/')))));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], { cwd: process.cwd(), env: { ...process.env, NODE_OPTIONS: '' } });
  return JSON.parse(stdout.trim().split('\n').pop()!) as string[];
}

describe('optional integrations', () => {
  it('are not loaded by the gateway, its tracing, rate limits and audit sink until configured', async () => {
    const loaded = await loadedAfter(`
await import('./gateway/server.ts');
const { setupTracing } = await import('./runtime/tracing.ts');
setupTracing({ env: {} });`);
    expect(loaded).toEqual([]);
  }, 30_000);

  it('are loaded once configured (the probe sees them)', async () => {
    const loaded = await loadedAfter(`
const { openDocumentDatabase } = await import('./subgraphs/kit/store/open.ts');
await openDocumentDatabase('memory://probe', 'probe');
const { RedisTokenBuckets } = await import('./gateway/rate-limit/redis-bucket.ts');
await new RedisTokenBuckets('redis://127.0.0.1:1', 'probe:', { warn() {}, info() {}, error() {}, debug() {} }).close();
const { InMemorySpanExporter } = await import('@opentelemetry/sdk-trace-base');
const { setupTracing } = await import('./runtime/tracing.ts');
setupTracing({ exporter: new InMemorySpanExporter() });`);
    expect(loaded).toEqual(expect.arrayContaining(['@redis/client', '@opentelemetry/sdk-trace-node', 'mingo']));
    expect(loaded).not.toContain('mongodb');
  }, 30_000);
});
