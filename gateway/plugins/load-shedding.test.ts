// Load shedding over real HTTP: the request over the bound gets 503 GATEWAY_OVERLOADED at once, and slots free up as responses close.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PolicyCode } from '../policy-error.ts';
import { loadShedding } from './load-shedding.ts';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A server whose admitted requests wait until `release()`. */
async function serve(maxInFlight: number) {
  const shed: string[] = [];
  const shedding = loadShedding(maxInFlight, (code) => shed.push(code));
  let waiting: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    if (shedding.intercept(req, res)) return;
    waiting.push(() => res.end('{"data":{}}'));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const post = (signal?: AbortSignal) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ a }"}', signal });
  const release = () => {
    for (const done of waiting) done();
    waiting = [];
  };
  const admitted = async (n: number) => {
    while (waiting.length < n) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { shedding, shed, post, release, admitted };
}

describe('load shedding', () => {
  it('refuses the request over the bound with 503 and Retry-After, and admits again once responses close', async () => {
    const { shedding, shed, post, release, admitted } = await serve(2);
    const first = [post(), post()];
    await admitted(2);
    const refused = await post();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: PolicyCode.GATEWAY_OVERLOADED } }] });
    expect(shed).toEqual([PolicyCode.GATEWAY_OVERLOADED]);
    release();
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200]);
    while (shedding.inFlight() > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const again = post();
    await admitted(1);
    release();
    expect((await again).status).toBe(200);
  });

  it('frees the slot of a client that hangs up before its answer', async () => {
    const { shedding, post, admitted } = await serve(1);
    const controller = new AbortController();
    const hungUp = post(controller.signal).catch(() => 'aborted');
    await admitted(1);
    expect(shedding.inFlight()).toBe(1);
    controller.abort();
    expect(await hungUp).toBe('aborted');
    while (shedding.inFlight() > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(shedding.inFlight()).toBe(0);
  });

  it('never refuses when the bound is 0', async () => {
    const { post, release, admitted } = await serve(0);
    const all = Array.from({ length: 20 }, () => post());
    await admitted(20);
    release();
    expect((await Promise.all(all)).every((r) => r.status === 200)).toBe(true);
  });
});
