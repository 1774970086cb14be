// The embedded stack's heap flags are the ones `npm start` passes, and Node accepts every one of them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_HEAP_FLAGS } from './embedded-heap.ts';

describe('embedded heap flags', () => {
  it('are the flags of the npm start script', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`node ${EMBEDDED_HEAP_FLAGS.join(' ')} scripts/start.ts`);
  });

  it('are accepted by this Node and raise the heap limit', () => {
    const run = spawnSync(process.execPath, [...EMBEDDED_HEAP_FLAGS, '-e', 'console.log(require("node:v8").getHeapStatistics().heap_size_limit)'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(Number(run.stdout)).toBeGreaterThan(16_000 * 1024 * 1024);
  });
});
