// Test support: a TCP proxy in front of any dependency that can pass traffic, refuse connections, or swallow it (a hang).
import net from 'node:net';

export type ProxyMode = 'pass' | 'refuse' | 'blackhole';

export interface FaultProxy {
  port: number;
  url(scheme: string, path?: string): string;
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

/**
 * `refuse` resets every open connection and every new one (the dependency is down);
 * `blackhole` accepts connections and never answers (the dependency hangs).
 */
export async function startFaultProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<FaultProxy> {
  let mode: ProxyMode = 'pass';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (mode === 'refuse') return client.resetAndDestroy();
    if (mode === 'blackhole') return; // read nothing, answer nothing
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: (scheme, path = '') => `${scheme}://127.0.0.1:${port}${path}`,
    setMode(next) {
      mode = next;
      if (next !== 'pass') for (const socket of sockets) socket.resetAndDestroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
