/** Turns texts into vectors (one capability, one interface; see CONVENTIONS 6). */
export interface EmbeddingProvider {
  readonly name: string;
  readonly model: string;
  embed(texts: readonly string[], opts?: { signal?: AbortSignal }): Promise<number[][]>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Streams a chat completion as text deltas. */
export interface ChatProvider {
  readonly name: string;
  readonly model: string;
  stream(
    messages: readonly ChatMessage[],
    opts?: { signal?: AbortSignal; temperature?: number; maxTokens?: number },
  ): AsyncIterable<string>;
}

/** Where an OpenAI-compatible endpoint is; anything unset falls back to the environment. */
export interface OpenAiSettings {
  apiKey?: string;
  baseURL?: string;
  model?: string;
  embeddingModel?: string;
  /** Per-request time limit. */
  timeoutMs?: number;
}
