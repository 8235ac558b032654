import { once } from 'node:events';
import net from 'node:net';

/** A port nothing listens on right now (the OS picks it), for a server or process a test starts. */
export async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0);
  await once(probe, 'listening');
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
