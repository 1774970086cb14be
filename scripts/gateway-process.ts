// `node gateway/main.ts` as a process of its own (cluster workers included), resolved once every worker listens: for the fuzzer and the e2e tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface GatewayProcess {
  child: ChildProcess;
  /** The GraphQL endpoint. */
  url: string;
  pid: number;
  rssMb(): number;
  alive(): boolean;
  stop(): Promise<void>;
}

const LISTENING = /"url":"(http:\/\/127\.0\.0\.1:\d+\/graphql)"[^\n]*gateway listening/g;

/**
 * Starts the gateway entry point with `env` (on a free port, supergraph not watched, unless
 * `env` says otherwise) and resolves once `workers` processes have logged that they listen.
 * The start-up log is read for that, so the level is info whatever `env` asks; after start-up
 * the output is discarded.
 */
export function startGatewayProcess(env: Record<string, string> = {}, workers = 1): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../gateway/main.ts', import.meta.url))], {
    env: { ...process.env, PORT: '0', SUPERGRAPH_WATCH: 'false', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const collect = (chunk: Buffer) => (output += chunk.toString());
    const fail = (message: string) => {
      void stop();
      reject(new Error(`${message}:\n${output}`));
    };
    const timer = setTimeout(() => fail('gateway process did not start within 60 s'), 60_000);
    const onExit = (code: number | null) => fail(`gateway process exited (${code})`);
    child.on('exit', onExit);
    child.stderr!.on('data', collect);
    child.stdout!.on('data', (chunk: Buffer) => {
      collect(chunk);
      const listening = [...output.matchAll(LISTENING)];
      if (listening.length < workers) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      // Started: from here on the output is drained and dropped.
      child.stdout!.removeAllListeners('data').resume();
      child.stderr!.removeAllListeners('data').resume();
      resolve({
        child,
        url: listening[0][1],
        pid: child.pid!,
        rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024,
        alive: () => child.exitCode === null && child.signalCode === null,
        stop,
      });
    });
  });
}
