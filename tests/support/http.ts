// A real HTTP server on a loopback address for URL and feed tests, and its stopping.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  server: http.Server;
  /** http://127.0.0.1:<port>, no trailing slash. */
  base: string;
  /** Stops it, dropping connections still open (a handler that never answers leaves one). */
  close(): void;
}

export async function listenLocal(handler: http.RequestListener, host = '127.0.0.1'): Promise<LocalServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    server,
    base: `http://${host}:${(server.address() as AddressInfo).port}`,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}
