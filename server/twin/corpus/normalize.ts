import { createHash } from 'node:crypto';

/** The canonical form of an approved body: LF line ends, NFC, no trailing spaces, no blank edges. */
export function normalizeBody(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '');
}

/** Provenance hash: sha256 (hex) of the normalised body. */
export function contentHash(normalizedBody: string): string {
  return createHash('sha256').update(normalizedBody, 'utf8').digest('hex');
}
