import { z } from 'zod';

// What one audit log entry holds. Every entry is a plain JSON object with a `kind`; its leaf hash is
// SHA-256(0x00 || canonical JSON of the object). Entries are never updated: later facts (the audio
// hash of a spoken utterance) are new entries that point back at the old one.

const text = (max: number) => z.string().max(max, { error: `must be at most ${max} characters` });
const nonEmpty = (max: number) => text(max).min(1, { error: 'must not be empty' });
const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO date-time' });
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a lowercase hex SHA-256' });
const finite = z.number().refine(Number.isFinite, { error: 'must be a finite number' });
const offset = z.number().int().min(0);

export const citationSchema = z.strictObject({
  doc: nonEmpty(300),
  title: text(500),
  date: text(40),
  quote: text(10_000),
  start: offset,
  end: offset,
  version: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be the document sha256 (hex)' }),
});

export const retrievedSchema = z.strictObject({
  doc: nonEmpty(300),
  start: offset,
  end: offset,
  score: finite,
});

export const sentenceCheckSchema = z.strictObject({
  sentence: text(5_000),
  cited: z.array(z.number().int().min(0)).max(100),
  supported: z.boolean(),
  coverage: finite,
  problems: z.array(text(500)).max(50),
});

const providerSchema = z.strictObject({
  provider: nonEmpty(100),
  model: text(200).nullable().default(null),
  voice: text(200).nullable().default(null),
});

/** What the caller of appendUtterance supplies; the log adds the rest (pseudonym, versions, times). */
export const utteranceInputSchema = z.strictObject({
  utteranceId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1-64 letters, digits, - or _' })
    .optional(),
  personaId: nonEmpty(100),
  roomId: nonEmpty(64),
  question: z
    .strictObject({
      text: text(4_000),
      questionId: text(100).nullable().default(null),
      askedAt: isoTime.nullable().default(null),
    })
    .nullable(),
  /** The person who asked; anonymous askers are logged as a keyed pseudonym, never by identity. */
  asker: z
    .strictObject({
      identity: nonEmpty(128),
      name: text(200).nullable().default(null),
      anonymous: z.boolean(),
    })
    .nullable()
    .default(null),
  decision: z.enum(['answer', 'decline', 'escalate']),
  reason: nonEmpty(200),
  topic: text(200).nullable().default(null),
  spokenText: text(20_000),
  retrieved: z.array(retrievedSchema).max(100).default([]),
  citations: z.array(citationSchema).max(100).default([]),
  verification: z.array(sentenceCheckSchema).max(200).nullable().default(null),
  approver: z
    .strictObject({
      approvalId: nonEmpty(64),
      by: nonEmpty(200),
      approvedAt: isoTime,
    })
    .nullable()
    .default(null),
  providers: z.strictObject({
    composer: z.strictObject({
      mode: z.enum(['extractive', 'generative', 'human']),
      model: text(200).nullable().default(null),
    }),
    tts: providerSchema.nullable().default(null),
    stt: providerSchema.nullable().default(null),
    embeddings: providerSchema.nullable().default(null),
  }),
  versions: z
    .strictObject({
      persona: text(200).nullable().default(null),
      brain: text(200).nullable().default(null),
    })
    .default({ persona: null, brain: null }),
  decidedAt: isoTime.optional(),
});

export type UtteranceInput = z.input<typeof utteranceInputSchema>;
export type ParsedUtteranceInput = z.output<typeof utteranceInputSchema>;

export type LoggedAsker =
  { anonymous: false; identity: string; name: string | null } | { anonymous: true; pseudonym: string };

/** A twin utterance as logged: appended BEFORE a word of it is spoken. */
export interface UtteranceEntry {
  kind: 'utterance';
  v: 1;
  /** Machine-readable disclosure: these words come from an AI twin, not from the person. */
  ai_generated: true;
  utteranceId: string;
  personaId: string;
  roomId: string;
  question: { text: string; questionId: string | null; askedAt: string | null } | null;
  asker: LoggedAsker | null;
  decision: 'answer' | 'decline' | 'escalate';
  reason: string;
  topic: string | null;
  spokenText: string;
  retrieved: z.output<typeof retrievedSchema>[];
  citations: z.output<typeof citationSchema>[];
  verification: z.output<typeof sentenceCheckSchema>[] | null;
  approver: { approvalId: string; by: string; approvedAt: string } | null;
  /** Always null here; the agent appends an `utterance.audio` entry once the audio exists. */
  audioSha256: null;
  providers: ParsedUtteranceInput['providers'];
  versions: { podium: string; persona: string | null; brain: string | null };
  timestamps: { askedAt: string | null; decidedAt: string; loggedAt: string };
}

export const audioInputSchema = z.strictObject({
  utteranceIndex: z.number().int().min(0),
  audioSha256: sha256Hex,
  durationMs: z.number().int().min(0).nullable().default(null),
  sampleRateHz: z.number().int().positive().nullable().default(null),
});
export type AudioInput = z.input<typeof audioInputSchema>;

/** The hash of the audio actually played for an earlier utterance entry. */
export interface UtteranceAudioEntry {
  kind: 'utterance.audio';
  v: 1;
  utteranceIndex: number;
  utteranceId: string;
  audioSha256: string;
  durationMs: number | null;
  sampleRateHz: number | null;
  loggedAt: string;
}

/** A change to consent, control, approvals, follow-ups or staff: the governance event trail. */
export interface GovernanceTrailEntry {
  kind: 'governance';
  v: 1;
  /** e.g. `consent.recorded`, `control.killed`, `followup.published`. */
  event: string;
  /** "admin", "staff:<id> (<name>)" or "system". */
  actor: string;
  at: string;
  /** Ids of what changed: { consentId } / { roomId } / { followupId } ... */
  subject: Record<string, string | null>;
  data: Record<string, unknown>;
}

export type AuditEntry = UtteranceEntry | UtteranceAudioEntry | GovernanceTrailEntry;
