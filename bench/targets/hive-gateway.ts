// Hive Gateway (@graphql-hive/gateway) as a benchmark target: its CLI from node_modules, `supergraph FILE`.
import { fileURLToPath } from 'node:url';

/** The CLI's script, run with the harness's Node binary like every other target (never a global install). */
const HIVE_BIN = fileURLToPath(import.meta.resolve('@graphql-hive/gateway/package.json')).replace(/package\.json$/, 'dist/bin.js');
const CONFIG = fileURLToPath(new URL('./hive-gateway.config.ts', import.meta.url));

export interface HiveTargetOptions {
  supergraphPath: string;
  port: number;
  /** --fork: 1 serves from a single process, N > 1 from N cluster workers. */
  workers: number;
  /** --jit: compile GraphQL documents (off as shipped). */
  jit?: boolean;
}

export function hiveGatewayArgs(options: HiveTargetOptions): string[] {
  return [
    HIVE_BIN,
    'supergraph',
    options.supergraphPath,
    '--host',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--fork',
    String(options.workers),
    '--config-path',
    CONFIG,
    ...(options.jit ? ['--jit'] : []),
  ];
}
