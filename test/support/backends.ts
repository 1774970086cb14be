// Test support: the document-store backends every store test runs against — in-memory always, MongoDB when a server is given.
import { randomUUID } from 'node:crypto';
import { mongo } from './services.ts';

export interface Backend {
  name: 'memory' | 'mongodb';
  /** A URI naming a fresh, empty namespace for one test file. */
  uri: string | undefined;
  skipReason?: string;
}

export function backends(): Backend[] {
  const server = mongo();
  const unique = randomUUID().slice(0, 8);
  return [
    { name: 'memory', uri: `memory://contract-${unique}` },
    { name: 'mongodb', uri: server.url ? inDatabase(server.url, `sv_test_${unique}`) : undefined, skipReason: server.skipReason },
  ];
}

/**
 * A URI whose path names one database for every store: their collection names do not
 * collide, and a test file gets a database of its own on a shared server.
 */
export function inDatabase(uri: string, database: string): string {
  const url = new URL(uri.replace(/^mongodb:/, 'http:'));
  url.pathname = `/${database}`;
  return url.toString().replace(/^http:/, 'mongodb:');
}
