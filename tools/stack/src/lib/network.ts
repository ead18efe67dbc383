import { connect } from 'node:net';

/** `host:port` split; the port defaults to `fallback`. */
export function hostPort(address: string, fallback: number): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  if (i < 0) return { host: address, port: fallback };
  return { host: address.slice(0, i), port: Number(address.slice(i + 1)) || fallback };
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** True for this machine's loopback names. */
export function isLoopback(host: string): boolean {
  return LOCAL_HOSTS.has(host.replace(/^\[|\]$/g, ''));
}

/** True when something accepts a TCP connection on host:port within `timeoutMs`. */
export function isPortOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** GET `url`; the status, or null when nothing answered within `timeoutMs`. */
export async function httpStatus(url: string, timeoutMs: number): Promise<number | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer(); // release the connection
    return res.status;
  } catch {
    return null;
  }
}
