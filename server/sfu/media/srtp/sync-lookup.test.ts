import { createSocket, type Socket } from 'node:dgram';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { useSyncLookup } from './sync-lookup.ts';

describe('useSyncLookup', () => {
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });

  /** A bound socket whose DNS lookups are recorded (dgram's public `lookup` option). */
  async function bound(looked: string[] = []): Promise<Socket> {
    const s = createSocket({
      type: 'udp4',
      lookup: (
        hostname: string,
        options: LookupOneOptions,
        callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void,
      ) => {
        looked.push(hostname);
        dnsLookup(hostname, options, callback);
      },
    });
    sockets.push(s);
    s.bind(0, '127.0.0.1');
    await once(s, 'listening');
    return s;
  }

  async function received(rx: Socket, n: number): Promise<string[]> {
    const got: string[] = [];
    rx.on('message', (m) => got.push(m.toString()));
    await new Promise<void>((resolve) => {
      const check = (): void => (got.length >= n ? resolve() : void setTimeout(check, 5));
      check();
    });
    return got.sort();
  }

  it('skips the DNS lookup for IP literals and still resolves host names', async () => {
    const rx = await bound();
    const looked: string[] = [];
    const tx = await bound(looked);
    looked.length = 0; // bind() looked up its own address
    const got = received(rx, 3);
    tx.send(Buffer.from('before'), rx.address().port, '127.0.0.1');
    expect(looked).toEqual(['127.0.0.1']); // Node looks up even an IP literal (answering next tick)
    useSyncLookup(tx);
    useSyncLookup(tx); // idempotent
    tx.send(Buffer.from('ip'), rx.address().port, '127.0.0.1');
    tx.send(Buffer.from('name'), rx.address().port, 'localhost');
    expect(looked).toEqual(['127.0.0.1', 'localhost']);
    expect(await got).toEqual(['before', 'ip', 'name']);
  });

  it('reports a bad host name through the send callback, as before', async () => {
    const tx = await bound();
    useSyncLookup(tx);
    const err = await new Promise<Error | null>((resolve) =>
      tx.send(Buffer.from('x'), 9, 'no-such-host.invalid', (e) => resolve(e)),
    );
    expect(err).toBeInstanceOf(Error);
  });
});
