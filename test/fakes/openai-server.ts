// A local stand-in for a hosted OpenAI-compatible endpoint (the only part of the twin that is not on
// this machine). It speaks the real wire format — POST /v1/chat/completions (JSON or SSE stream of
// chat.completion.chunk objects ending in `data: [DONE]`) and POST /v1/embeddings — so the code under
// test goes through the real `openai` SDK. Replies are scripted by the test.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  stream: boolean;
  authorization: string | undefined;
}

export type ChatScript = (req: FakeChatRequest) => string | { status: number; message: string };

export interface FakeOpenAi {
  /** Base URL to hand to the SDK, e.g. http://127.0.0.1:41234/v1 */
  readonly baseURL: string;
  readonly chatRequests: FakeChatRequest[];
  readonly embeddingRequests: { model: string; input: string[] }[];
  /** Replies to the next chat completions, in order; after the queue empties `fallback` answers. */
  queueChat(...replies: (string | { status: number; message: string })[]): void;
  setChatHandler(handler: ChatScript): void;
  /** Make the next `count` embedding calls fail with this HTTP status. */
  failEmbeddings(status: number, count?: number): void;
  close(): Promise<void>;
}

export const FAKE_EMBEDDING_DIMENSIONS = 64;

/** Deterministic bag-of-words vector: texts that share words point the same way. */
export function fakeEmbedding(text: string): number[] {
  const v = new Array<number>(FAKE_EMBEDDING_DIMENSIONS).fill(0);
  for (const raw of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const word = raw.length > 3 ? raw.replace(/(?:ing|ed|es|s)$/, '') : raw;
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    v[(h >>> 0) % FAKE_EMBEDDING_DIMENSIONS]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function apiError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: { message, type: 'invalid_request_error', param: null, code: null } });
}

/** Splits a reply into small deltas the way a model streams tokens. */
function deltas(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const chatRequests: FakeChatRequest[] = [];
  const embeddingRequests: { model: string; input: string[] }[] = [];
  const queue: (string | { status: number; message: string })[] = [];
  let handler: ChatScript = () => 'I have nothing scripted to say.';
  let embeddingFailures: { status: number; count: number } | undefined;
  let seq = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const url = req.url ?? '';
      if (req.method !== 'POST') return apiError(res, 405, `method ${req.method} not allowed`);
      let body: Record<string, unknown>;
      try {
        body = (await readJson(req)) as Record<string, unknown>;
      } catch {
        return apiError(res, 400, 'body is not valid JSON');
      }
      if (url === '/v1/embeddings') {
        const input =
          typeof body['input'] === 'string' ? [body['input']] : (body['input'] as string[] | undefined);
        if (!Array.isArray(input) || typeof body['model'] !== 'string')
          return apiError(res, 400, 'model and input are required');
        embeddingRequests.push({ model: body['model'], input });
        if (embeddingFailures && embeddingFailures.count > 0) {
          embeddingFailures.count--;
          return apiError(res, embeddingFailures.status, 'scripted embeddings failure');
        }
        return sendJson(res, 200, {
          object: 'list',
          model: body['model'],
          data: input.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })),
          usage: { prompt_tokens: input.length, total_tokens: input.length },
        });
      }
      if (url === '/v1/chat/completions') {
        const messages = body['messages'] as { role: string; content: string }[] | undefined;
        if (!Array.isArray(messages) || typeof body['model'] !== 'string')
          return apiError(res, 400, 'model and messages are required');
        const request: FakeChatRequest = {
          model: body['model'],
          messages,
          stream: body['stream'] === true,
          authorization: req.headers.authorization,
        };
        chatRequests.push(request);
        const reply = queue.length > 0 ? queue.shift()! : handler(request);
        if (typeof reply !== 'string') return apiError(res, reply.status, reply.message);
        const id = `chatcmpl-fake-${++seq}`;
        const created = Math.floor(Date.now() / 1000);
        if (!request.stream) {
          return sendJson(res, 200, {
            id,
            object: 'chat.completion',
            created,
            model: request.model,
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: reply },
                finish_reason: 'stop',
                logprobs: null,
              },
            ],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          });
        }
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
        });
        const chunk = (delta: Record<string, unknown>, finish: string | null) =>
          `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] })}\n\n`;
        res.write(chunk({ role: 'assistant', content: '' }, null));
        for (const d of deltas(reply)) res.write(chunk({ content: d }, null));
        res.write(chunk({}, 'stop'));
        res.end('data: [DONE]\n\n');
        return;
      }
      apiError(res, 404, `unknown route ${url}`);
    })().catch((err: unknown) => {
      if (!res.headersSent) apiError(res, 500, String(err));
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    chatRequests,
    embeddingRequests,
    queueChat: (...replies) => queue.push(...replies),
    setChatHandler: (h) => {
      handler = h;
    },
    failEmbeddings: (status, count = 1) => {
      embeddingFailures = { status, count };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
