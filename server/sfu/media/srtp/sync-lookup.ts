import type { Socket } from 'node:dgram';
import { isIP } from 'node:net';

type LookupFn = (address: string, callback: (err: Error | null, ip?: string) => void) => void;

const patched = new WeakSet<Socket>();

/**
 * Makes `socket.send(buf, port, ip)` send synchronously when `ip` is an IP literal.
 *
 * Node's unconnected `dgram` send resolves the address through `dns.lookup` even for an IP
 * literal, which answers on the next tick: a closure, a nextTick entry and an async-id scope per
 * datagram, about 15% of a send on this path. A connected socket skips the lookup, but an ICE
 * socket talks to several addresses. This replaces the handle's lookup hook (Node's internal
 * `socket[kStateSymbol].handle.lookup`, set by `dgram.createSocket`) with one that answers IP
 * literals at once and delegates anything else. It changes nothing when Node's internals differ.
 */
export function useSyncLookup(socket: Socket): void {
  if (patched.has(socket)) return;
  patched.add(socket);
  const stateKey = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'state symbol');
  if (!stateKey) return;
  const state = (socket as unknown as Record<symbol, { handle?: { lookup?: unknown } } | undefined>)[
    stateKey
  ];
  const handle = state?.handle;
  const original = handle?.lookup;
  if (!handle || typeof original !== 'function') return;
  const delegate = original as LookupFn;
  const lookup: LookupFn = (address, callback) => {
    if (isIP(address) !== 0) callback(null, address);
    else delegate.call(handle, address, callback);
  };
  handle.lookup = lookup;
}
