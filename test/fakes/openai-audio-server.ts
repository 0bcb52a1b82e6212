import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for OpenAI's audio endpoints, speaking their wire format so the real `openai` SDK
 * can be tested without the internet:
 *   POST /v1/audio/speech          JSON {model, input, voice, response_format, instructions?}
 *                                  -> raw s16le 24 kHz mono for "pcm", a WAV file for "wav"
 *   POST /v1/audio/transcriptions  multipart {file, model, response_format, timestamp_granularities[]}
 *                                  -> {text} for "json", {task, language, duration, text, words?, segments}
 *                                     for "verbose_json", plain text for "text"
 * Errors use OpenAI's body `{"error": {"message", "type", "param", "code"}}`. What is spoken and what is
 * heard are injected: the fake has no voice or ears of its own beyond a simple default.
 */
export interface SpeechRequest {
  model: string;
  input: string;
  voice: string;
  responseFormat: string;
  instructions?: string;
}

export interface TranscriptionRequest {
  model: string;
  /** The uploaded file's bytes and name as received. */
  file: Uint8Array;
  filename: string;
  responseFormat: string;
  granularities: string[];
  language?: string;
}

export interface FakeTranscript {
  text: string;
  words: { word: string; start: number; end: number }[];
}

export interface FakeOpenAiAudioOptions {
  /** Required as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Audio for a speech request: s16 mono at 24 kHz. */
  speak?: (req: SpeechRequest) => Promise<Int16Array> | Int16Array;
  /** What the fake "hears" in an upload. */
  transcribe?: (req: TranscriptionRequest) => Promise<FakeTranscript> | FakeTranscript;
}

export interface RecordedRequest {
  path: string;
  speech?: SpeechRequest;
  transcription?: Omit<TranscriptionRequest, 'file'> & { bytes: number };
}

export interface FakeOpenAiAudioServer {
  /** For the SDK: `http://127.0.0.1:<port>/v1`. */
  baseURL: string;
  apiKey: string;
  requests: RecordedRequest[];
  /** The next `count` requests fail with `status` (a 429/5xx exercises the SDK's retries). */
  failNext(status: number, count?: number): void;
  /** The next speech response is held this long before its first byte (to test cancellation). */
  delayNext(ms: number): void;
  close(): Promise<void>;
}

const SAMPLE_RATE = 24_000;

/** Default voice: one voiced, vowel-like burst per word with short gaps; speech-shaped, not speech. */
export function defaultFakeSpeech(text: string): Int16Array {
  const words = text.split(/\s+/).filter(Boolean);
  const parts: number[] = new Array(Math.round(SAMPLE_RATE * 0.15)).fill(0);
  for (const w of words) {
    const n = Math.round(SAMPLE_RATE * (0.12 + 0.045 * w.length));
    for (let i = 0; i < n; i++) {
      const t = i / SAMPLE_RATE;
      const env = Math.sin((Math.PI * i) / n);
      const f0 = 180;
      const v =
        Math.sin(2 * Math.PI * f0 * t) +
        0.5 * Math.sin(2 * Math.PI * 2 * f0 * t) +
        0.3 * Math.sin(2 * Math.PI * 700 * t);
      parts.push(Math.round(6000 * env * v));
    }
    for (let i = 0; i < SAMPLE_RATE * 0.06; i++) parts.push(0);
  }
  for (let i = 0; i < SAMPLE_RATE * 0.15; i++) parts.push(0);
  return Int16Array.from(parts);
}

function wavBytes(samples: Int16Array): Uint8Array {
  const out = Buffer.alloc(44 + samples.length * 2);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + samples.length * 2, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(SAMPLE_RATE, 24);
  out.writeUInt32LE(SAMPLE_RATE * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i] as number, 44 + i * 2);
  return out;
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  param: string | null = null,
  code: string | null = null,
): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message, type, param, code } }));
}

async function readBody(req: IncomingMessage, limit = 30 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Starts the fake on 127.0.0.1 and an ephemeral port. */
export async function startFakeOpenAiAudioServer(
  options: FakeOpenAiAudioOptions = {},
): Promise<FakeOpenAiAudioServer> {
  const apiKey = options.apiKey ?? 'sk-fake-test-key';
  const requests: RecordedRequest[] = [];
  let failures: { status: number; count: number } | null = null;
  let delayMs = 0;

  const handleSpeech = async (req: IncomingMessage, res: ServerResponse) => {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse((await readBody(req)).toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendError(
        res,
        400,
        'We could not parse the JSON body of your request.',
        'invalid_request_error',
      );
    }
    const { model, input, voice } = body;
    const responseFormat = typeof body.response_format === 'string' ? body.response_format : 'mp3';
    if (typeof model !== 'string' || !model)
      return sendError(res, 400, "Missing required parameter: 'model'.", 'invalid_request_error', 'model');
    if (typeof input !== 'string' || !input)
      return sendError(res, 400, "Missing required parameter: 'input'.", 'invalid_request_error', 'input');
    if (input.length > 4096)
      return sendError(res, 400, 'input is longer than 4096 characters', 'invalid_request_error', 'input');
    if (typeof voice !== 'string' || !voice)
      return sendError(res, 400, "Missing required parameter: 'voice'.", 'invalid_request_error', 'voice');
    if (responseFormat !== 'pcm' && responseFormat !== 'wav') {
      return sendError(
        res,
        400,
        `this fake only produces pcm and wav, not ${responseFormat}`,
        'invalid_request_error',
        'response_format',
      );
    }
    const speech: SpeechRequest = { model, input, voice, responseFormat };
    if (typeof body.instructions === 'string') speech.instructions = body.instructions;
    requests.push({ path: '/v1/audio/speech', speech });
    const samples = await (options.speak ?? ((r: SpeechRequest) => defaultFakeSpeech(r.input)))(speech);
    const bytes =
      responseFormat === 'wav'
        ? wavBytes(samples)
        : Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    if (delayMs > 0) {
      const ms = delayMs;
      delayMs = 0;
      // Held like a slow upstream, but let go as soon as the client hangs up.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        res.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (res.destroyed || res.writableEnded) return;
    }
    res.writeHead(200, {
      'content-type': responseFormat === 'wav' ? 'audio/wav' : 'audio/pcm',
      'transfer-encoding': 'chunked',
    });
    // Chunked like the real service, in pieces that split samples across chunk boundaries.
    for (let at = 0; at < bytes.length; at += 8191) res.write(bytes.subarray(at, at + 8191));
    res.end();
  };

  const handleTranscription = async (req: IncomingMessage, res: ServerResponse) => {
    const contentType = req.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) {
      return sendError(res, 400, 'Expected multipart/form-data', 'invalid_request_error');
    }
    let form: FormData;
    try {
      const body = await readBody(req);
      form = await new Request('http://fake/upload', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: new Uint8Array(body),
      }).formData();
    } catch {
      return sendError(res, 400, 'Could not parse multipart form', 'invalid_request_error');
    }
    const file = form.get('file');
    const model = form.get('model');
    if (!(file instanceof Blob))
      return sendError(res, 400, "Missing required parameter: 'file'.", 'invalid_request_error', 'file');
    if (typeof model !== 'string' || !model)
      return sendError(res, 400, "Missing required parameter: 'model'.", 'invalid_request_error', 'model');
    const responseFormat = (form.get('response_format') as string | null) ?? 'json';
    const granularities = form.getAll('timestamp_granularities[]').map(String);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const filename = file instanceof File ? file.name : 'file';
    const language = form.get('language');
    const treq: TranscriptionRequest = { model, file: bytes, filename, responseFormat, granularities };
    if (typeof language === 'string') treq.language = language;
    requests.push({
      path: '/v1/audio/transcriptions',
      transcription: {
        model,
        filename,
        responseFormat,
        granularities,
        bytes: bytes.length,
        ...(treq.language ? { language: treq.language } : {}),
      },
    });
    const isWav = bytes.length >= 44 && Buffer.from(bytes.subarray(0, 4)).toString('ascii') === 'RIFF';
    if (!isWav) return sendError(res, 400, 'Invalid file format.', 'invalid_request_error', 'file');
    const rate = Buffer.from(bytes).readUInt32LE(24);
    const duration = (bytes.length - 44) / 2 / rate;
    const heard = await (options.transcribe ?? (() => ({ text: '', words: [] })))(treq);
    if (responseFormat === 'text') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(heard.text);
    }
    const out: Record<string, unknown> =
      responseFormat === 'verbose_json'
        ? {
            task: 'transcribe',
            language: 'english',
            duration,
            text: heard.text,
            segments: [
              {
                id: 0,
                seek: 0,
                start: 0,
                end: duration,
                text: heard.text,
                tokens: [],
                temperature: 0,
                avg_logprob: -0.2,
                compression_ratio: 1,
                no_speech_prob: 0.01,
              },
            ],
            ...(granularities.includes('word') ? { words: heard.words } : {}),
          }
        : { text: heard.text };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(out));
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    void (async () => {
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        return sendError(
          res,
          401,
          'Incorrect API key provided.',
          'invalid_request_error',
          null,
          'invalid_api_key',
        );
      }
      if (failures && failures.count > 0) {
        failures.count--;
        const { status } = failures;
        await readBody(req).catch(() => undefined);
        return sendError(
          res,
          status,
          `fake failure ${status}`,
          status === 429 ? 'rate_limit_exceeded' : 'server_error',
        );
      }
      if (req.method === 'POST' && path === '/v1/audio/speech') return handleSpeech(req, res);
      if (req.method === 'POST' && path === '/v1/audio/transcriptions') return handleTranscription(req, res);
      return sendError(res, 404, `Unknown request URL: ${req.method} ${path}`, 'invalid_request_error');
    })().catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, `fake server error: ${String(err)}`, 'server_error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    failNext(status, count = 1) {
      failures = { status, count };
    },
    delayNext(ms) {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
