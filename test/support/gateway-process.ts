// Test support: `node gateway/main.ts` as a process of its own (cluster workers included), resolved once every worker listens.
import { spawn, type ChildProcess } from 'node:child_process';

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
}

/** Starts the gateway entry point with `env` and resolves with its GraphQL URL once `workers` processes listen. */
export function startGatewayProcess(env: Record<string, string>, workers = 1): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['gateway/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`gateway process did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = [...output.matchAll(/"url":"(http:\/\/127\.0\.0\.1:\d+\/graphql)"[^\n]*gateway listening/g)];
      if (listening.length >= workers) {
        clearTimeout(timer);
        resolve({ child, url: listening[0][1] });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`gateway process exited (${code}):\n${output}`)));
  });
}
