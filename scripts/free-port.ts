// A free loopback port, for scripts, benchmarks and tests that start servers of their own.
import net from 'node:net';

/** Asks the kernel for a free port on 127.0.0.1 and releases it (nothing listens there afterwards). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
