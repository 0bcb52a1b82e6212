import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { contentTypeFor } from './content-types.ts';

export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
export const CACHE_ASSETS = 'public, max-age=3600';
export const CACHE_REVALIDATE = 'no-cache';

/**
 * Maps a URL path below a mount point to a file under `root`, or null when the path tries to leave
 * `root`, names a hidden file, or is not valid percent-encoding. Never touches the file system.
 */
export function safeResolve(root: string, urlPath: string): string | null {
  const base = resolve(root);
  const segments: string[] = [];
  for (const raw of urlPath.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    // Reject traversal, hidden files (.git, .env-style secrets) and separators smuggled in encoded.
    if (seg.startsWith('.') || seg.includes('/') || seg.includes('\\') || seg.includes('\0')) return null;
    segments.push(seg);
  }
  if (segments.length === 0) return null;
  const full = join(base, ...segments);
  return full.startsWith(base + sep) ? full : null;
}

async function statFile(path: string): Promise<Stats | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s : null;
  } catch {
    return null;
  }
}

function etagOf(s: Stats): string {
  return `W/"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}"`;
}

function isFresh(req: Request, etag: string, mtime: Date): boolean {
  const inm = req.headers.get('if-none-match');
  if (inm !== null) {
    // Weak comparison, as RFC 9110 asks for If-None-Match.
    const strip = (t: string) => t.trim().replace(/^W\//, '');
    return inm.trim() === '*' || inm.split(',').some((t) => strip(t) === strip(etag));
  }
  const ims = req.headers.get('if-modified-since');
  if (ims !== null) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && Math.floor(mtime.getTime() / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

/**
 * Answers GET/HEAD for one file with Content-Type, Cache-Control, ETag and Last-Modified, and a 304
 * when the client's copy is current. Returns null when the file does not exist.
 */
export async function fileResponse(
  req: Request,
  path: string,
  cacheControl: string,
): Promise<Response | null> {
  const s = await statFile(path);
  if (!s) return null;
  const etag = etagOf(s);
  const headers = new Headers({
    'Cache-Control': cacheControl,
    ETag: etag,
    'Last-Modified': s.mtime.toUTCString(),
    'X-Content-Type-Options': 'nosniff',
  });
  if (isFresh(req, etag, s.mtime)) return new Response(null, { status: 304, headers });
  headers.set('Content-Type', contentTypeFor(path));
  headers.set('Content-Length', String(s.size));
  // HEAD: no stream at all, so no file descriptor is opened and left for the GC.
  if (req.method === 'HEAD') return new Response(null, { status: 200, headers });
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
