import { request } from 'node:http';

/**
 * POSTs `body` on a connection of its own (no keep-alive pool) and resolves with the status and the
 * parsed JSON body. For requests the server refuses before reading the body (413): the server then
 * closes that connection, which must not break the next request of a pooled client.
 */
export function postOnOwnConnection(
  url: string,
  headers: Record<string, string>,
  body: Uint8Array | string,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
      res.on('error', reject);
    });
    // The server may answer and close before it has read everything we send.
    req.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err),
    );
    req.end(body);
  });
}
