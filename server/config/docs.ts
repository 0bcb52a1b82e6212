/** One environment variable as the README documents it. */
export interface ConfigDoc {
  name: string;
  /** Human-readable default ("" when the variable is optional with no default). */
  default: string;
  description: string;
  /** What a valid value looks like; also used in error messages. */
  expected: string;
  /** Never echoed back in error messages or logs. */
  secret: boolean;
}

/** Every variable Podium reads, in the order the README lists them. */
export const CONFIG_DOCS: readonly ConfigDoc[] = [
  {
    name: 'PORT',
    default: '8080',
    description: 'TCP port of the app server (HTTP, the API and the embedded SFU). 0 picks a free port.',
    expected: 'an integer from 0 to 65535',
    secret: false,
  },
  {
    name: 'HOST',
    default: 'localhost',
    description:
      'Address to bind. The default only accepts connections from this machine; HOST=0.0.0.0 exposes ' +
      'Podium to the network (put it behind HTTPS: browsers only allow microphones and WebXR in secure contexts).',
    expected: 'a host name or an IP address, e.g. localhost, 127.0.0.1 or 0.0.0.0',
    secret: false,
  },
  {
    name: 'PUBLIC_URL',
    default: '',
    description:
      'Public base URL (behind a proxy), used in invite links. Unset: the URL of the admin request.',
    expected: 'an http(s) URL without query or fragment, e.g. https://podium.example.com',
    secret: false,
  },
  {
    name: 'DATA_DIR',
    default: './data',
    description: 'Directory for the embedded database and generated secrets (created if missing).',
    expected: 'a directory path',
    secret: false,
  },
  {
    name: 'DATABASE_URL',
    default: '',
    description: 'PostgreSQL connection URL. Unset: an embedded PGlite database under DATA_DIR/db.',
    expected: 'a postgres:// or postgresql:// URL',
    secret: true,
  },
  {
    name: 'ADMIN_SECRET',
    default: '(generated)',
    description:
      'Bearer token for the admin API. Unset in development: generated on first start, kept in ' +
      'DATA_DIR/admin-secret and printed once. Required when NODE_ENV=production.',
    expected: 'at least 16 printable ASCII characters without spaces',
    secret: true,
  },
  {
    name: 'SESSION_SECRET',
    default: '(generated)',
    description:
      'Key that signs session cookies and invite links. Unset in development: generated on first start ' +
      'and kept in DATA_DIR/session-secret (never printed). Required when NODE_ENV=production.',
    expected: 'at least 32 printable ASCII characters without spaces',
    secret: true,
  },
  {
    name: 'LIVEKIT_URL',
    default: '',
    description:
      'WebSocket URL of a LiveKit server or LiveKit Cloud. Unset: the embedded SFU on the app server port.',
    expected: 'a ws://, wss://, http:// or https:// URL',
    secret: false,
  },
  {
    name: 'LIVEKIT_API_KEY',
    default: '(generated)',
    description:
      'LiveKit API key. Required with LIVEKIT_URL; otherwise generated once for the embedded SFU and ' +
      'kept in DATA_DIR/livekit-keys.json.',
    expected: 'printable ASCII characters without spaces',
    secret: false,
  },
  {
    name: 'LIVEKIT_API_SECRET',
    default: '(generated)',
    description: 'LiveKit API secret. Required with LIVEKIT_URL; otherwise generated like the key.',
    expected: 'printable ASCII characters without spaces',
    secret: true,
  },
  {
    name: 'OPENAI_API_KEY',
    default: '',
    description:
      'Key for an OpenAI-compatible endpoint. With it (or OPENAI_BASE_URL) the twin composes generative, ' +
      'verified answers, uses embeddings in retrieval, and OpenAI speech; without it, everything runs offline.',
    expected: 'printable ASCII characters without spaces',
    secret: true,
  },
  {
    name: 'OPENAI_BASE_URL',
    default: '',
    description: 'Base URL of an OpenAI-compatible API (a local or self-hosted model server). Unset: OpenAI.',
    expected: 'an http(s) URL, e.g. http://localhost:11434/v1',
    secret: false,
  },
  {
    name: 'OPENAI_MODEL',
    default: 'gpt-4o-mini',
    description: 'Chat model for generative answers (every sentence is verified against approved passages).',
    expected: 'a model name',
    secret: false,
  },
  {
    name: 'OPENAI_EMBEDDING_MODEL',
    default: 'text-embedding-3-small',
    description: 'Embedding model for hybrid retrieval.',
    expected: 'a model name',
    secret: false,
  },
  {
    name: 'OPENAI_TTS_MODEL',
    default: 'gpt-4o-mini-tts',
    description: 'Text-to-speech model (Festival stays the fallback).',
    expected: 'a model name',
    secret: false,
  },
  {
    name: 'OPENAI_TTS_VOICE',
    default: 'alloy',
    description: 'Voice of the text-to-speech model.',
    expected: 'a voice name',
    secret: false,
  },
  {
    name: 'OPENAI_STT_MODEL',
    default: 'whisper-1',
    description: 'Transcription model for spoken questions (pocketsphinx stays the fallback).',
    expected: 'a model name',
    secret: false,
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    description: 'Log verbosity (JSON lines on stdout).',
    expected: 'one of fatal, error, warn, info, debug, trace, silent',
    secret: false,
  },
  {
    name: 'NODE_ENV',
    default: 'development',
    description: 'production requires ADMIN_SECRET and SESSION_SECRET to be set explicitly.',
    expected: 'one of development, production, test',
    secret: false,
  },
  {
    name: 'PODIUM_TWIN',
    default: 'marisol-quennell',
    description:
      'The persona (a folder in assets/personas/) whose AI twin joins every all-hands room while people ' +
      'are in it and consent is in force. off: no twin.',
    expected: 'a persona id (lowercase letters, digits, -) or off',
    secret: false,
  },
  {
    name: 'PODIUM_MEDIA',
    default: 'auto',
    description:
      'Test and diagnostic switch. none: start without any media server (no embedded SFU; /readyz ' +
      'reports media unavailable). auto: the embedded SFU unless LIVEKIT_URL is set.',
    expected: 'auto or none',
    secret: false,
  },
];

export function configDoc(name: string): ConfigDoc {
  const doc = CONFIG_DOCS.find((d) => d.name === name);
  if (!doc) throw new Error(`undocumented config variable ${name}`);
  return doc;
}
