import type { SensitiveTopicId } from '../guardrails/topics.ts';

/** Something in the persona folder that was accepted but deserves a look (unknown field, planted instruction…). */
export interface PersonaWarning {
  file: string;
  message: string;
}

export interface CorpusSentence {
  /** `document.body.slice(start, end)` is the sentence, verbatim. */
  start: number;
  end: number;
  kind: 'sentence' | 'heading';
  /** Paragraph / list item index inside the document. */
  block: number;
  /** Set when ingestion refused the sentence (e.g. it reads as an instruction to a model); never retrieved. */
  excluded?: string;
}

/** One approved source document (`corpus/<file>.md`) with its provenance. */
export interface CorpusDocument {
  /** File name inside corpus/, e.g. `hybrid-work.md`. */
  file: string;
  title: string;
  /** ISO yyyy-mm-dd. */
  date: string;
  source: string;
  approvedBy: string;
  topics: string[];
  version: number;
  /** sha256 (hex) of the normalised body. */
  hash: string;
  /** The approved text, normalised (LF line ends, NFC, no trailing spaces). Offsets refer to it. */
  body: string;
  sentences: CorpusSentence[];
}

export type ConsentModality = 'statements' | 'voice' | 'likeness';

export interface ConsentRecord {
  subject: string;
  grantedBy: { name: string; role: string };
  delegates: { name: string; role: string }[];
  signedAt: string;
  validFrom: string;
  validUntil: string | null;
  scope: { rooms: string[]; topics: string[]; modalities: ConsentModality[] };
  revokedAt: string | null;
}

export interface VoiceSettings {
  provider: string;
  voice: string;
  rate?: number;
}

/** A validated persona folder, ready for `createTwinBrain`. */
export interface LoadedPersona {
  dir: string;
  id: string;
  name: string;
  title: string;
  organization?: string;
  greeting?: string;
  /** What the twin says when no approved statement covers a question. */
  deferral: string;
  /** What the twin says when it forwards a question to humans. */
  escalation: string;
  /** How the twin describes itself. */
  disclosure: string;
  sensitiveTopics: SensitiveTopicId[];
  voice?: VoiceSettings;
  avatar?: { model: string };
  documents: CorpusDocument[];
  /** Undefined when the folder has no consent.json (rehearsal only). */
  consent?: ConsentRecord;
  warnings: PersonaWarning[];
}
