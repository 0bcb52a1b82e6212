import OpenAI from 'openai';
import { ProviderError } from '../errors.ts';
import type { ChatMessage, ChatProvider, EmbeddingProvider, OpenAiSettings } from './types.ts';

export const DEFAULT_CHAT_MODEL = 'gpt-4o-mini';
export const DEFAULT_EMBEDDING_MODEL = 'text-embedding-3-small';

/** Settings from explicit options, then OPENAI_* environment variables; undefined when no endpoint is configured. */
export function resolveOpenAiSettings(
  explicit: OpenAiSettings | undefined,
  env: NodeJS.ProcessEnv = process.env,
):
  | (Required<Pick<OpenAiSettings, 'model' | 'embeddingModel' | 'timeoutMs'>> & {
      apiKey: string;
      baseURL?: string;
    })
  | undefined {
  const apiKey = explicit?.apiKey ?? env['OPENAI_API_KEY'];
  const baseURL = explicit?.baseURL ?? env['OPENAI_BASE_URL'];
  if (!apiKey && !baseURL) return undefined;
  const settings = {
    // Local OpenAI-compatible servers usually ignore the key, but the SDK requires one.
    apiKey: apiKey ?? 'not-needed',
    model: explicit?.model ?? env['OPENAI_MODEL'] ?? DEFAULT_CHAT_MODEL,
    embeddingModel: explicit?.embeddingModel ?? env['OPENAI_EMBEDDING_MODEL'] ?? DEFAULT_EMBEDDING_MODEL,
    timeoutMs: explicit?.timeoutMs ?? 20_000,
  };
  return baseURL ? { ...settings, baseURL } : settings;
}

function client(settings: { apiKey: string; baseURL?: string; timeoutMs: number }): OpenAI {
  return new OpenAI({
    apiKey: settings.apiKey,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    timeout: settings.timeoutMs,
    maxRetries: 1,
  });
}

function wrap(err: unknown, what: string): ProviderError {
  if (err instanceof ProviderError) return err;
  const status = (err as { status?: number }).status;
  const retryable = status === undefined || status === 429 || status >= 500;
  return new ProviderError(`${what} failed: ${err instanceof Error ? err.message : String(err)}`, {
    retryable,
    cause: err,
  });
}

/** Embeddings through any OpenAI-compatible `POST /v1/embeddings`. */
export function openAiEmbeddings(settings: {
  apiKey: string;
  baseURL?: string;
  timeoutMs: number;
  embeddingModel: string;
}): EmbeddingProvider {
  const api = client(settings);
  return {
    name: 'openai-embeddings',
    model: settings.embeddingModel,
    async embed(texts, opts = {}) {
      if (texts.length === 0) return [];
      try {
        const res = await api.embeddings.create(
          { model: settings.embeddingModel, input: [...texts], encoding_format: 'float' },
          opts.signal ? { signal: opts.signal } : {},
        );
        const out = res.data
          .slice()
          .sort((a, b) => a.index - b.index)
          .map((d) => d.embedding);
        if (out.length !== texts.length)
          throw new ProviderError(`embeddings: asked for ${texts.length}, got ${out.length}`);
        return out;
      } catch (err) {
        throw wrap(err, 'embeddings');
      }
    },
  };
}

/** Streaming chat completions through any OpenAI-compatible `POST /v1/chat/completions`. */
export function openAiChat(settings: {
  apiKey: string;
  baseURL?: string;
  timeoutMs: number;
  model: string;
}): ChatProvider {
  const api = client(settings);
  return {
    name: 'openai-chat',
    model: settings.model,
    async *stream(messages: readonly ChatMessage[], opts = {}) {
      let stream;
      try {
        stream = await api.chat.completions.create(
          {
            model: settings.model,
            messages: messages.map((m) => ({ role: m.role, content: m.content })),
            stream: true,
            temperature: opts.temperature ?? 0,
            ...(opts.maxTokens !== undefined ? { max_tokens: opts.maxTokens } : {}),
          },
          opts.signal ? { signal: opts.signal } : {},
        );
      } catch (err) {
        throw wrap(err, 'chat completion');
      }
      try {
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta?.content;
          if (delta) yield delta;
        }
      } catch (err) {
        throw wrap(err, 'chat completion stream');
      }
    },
  };
}
