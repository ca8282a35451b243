import type { Server } from 'node:net';

/**
 * Listens on host:port; if the port is taken and `fallback` is set, on a free port instead.
 * Resolves with the port actually bound.
 */
export async function listenWithFallback(
  server: Server,
  host: string,
  port: number,
  fallback: boolean,
): Promise<number> {
  try {
    return await listen(server, host, port);
  } catch (err) {
    if (!fallback || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return listen(server, host, 0);
  }
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
