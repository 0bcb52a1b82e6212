import type { QaCitation, QuestionState } from '../../common/qa.ts';
import type { RoomDto } from '../../common/api.ts';
import type { HistoryRow, QuestionRow } from './tables.ts';

export interface ExportedHistory {
  action: string;
  from: QuestionState | null;
  to: QuestionState;
  /** Null for the submission of an anonymous question. */
  actor: string | null;
  note: string | null;
  at: string;
}

export interface ExportedQuestion {
  id: string;
  createdAt: string;
  updatedAt: string;
  state: QuestionState;
  text: string;
  originalText: string | null;
  anonymous: boolean;
  /** Null when anonymous. */
  author: { identity: string; name: string } | null;
  votes: number;
  starred: boolean;
  flagged: boolean;
  mergedInto: string | null;
  dismissReason: string | null;
  answer: {
    mode: string;
    /** True for the twin's answers: the machine-readable AI marker every export carries. */
    aiGenerated: boolean;
    text: string | null;
    citations: QaCitation[];
    answeredBy: string | null;
    answeredAt: string | null;
  } | null;
  history: ExportedHistory[];
}

export interface QaExport {
  room: Pick<RoomDto, 'id' | 'title' | 'kind'>;
  exportedAt: string;
  questions: ExportedQuestion[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The export: every question with its answer, citations, state history and vote count; anonymous authors left out. */
export function buildExport(
  room: Pick<RoomDto, 'id' | 'title' | 'kind'>,
  questions: readonly QuestionRow[],
  history: readonly HistoryRow[],
  now = new Date(),
): QaExport {
  const byQuestion = new Map<string, ExportedHistory[]>();
  const anonymous = new Set(questions.filter((q) => q.anonymous).map((q) => q.id));
  for (const h of history) {
    const list = byQuestion.get(h.question_id) ?? [];
    // Belt and braces: a submission of an anonymous question never names its author, whatever was stored.
    const actor = h.action === 'submit' && anonymous.has(h.question_id) ? null : h.actor_identity;
    list.push({
      action: h.action,
      from: h.from_state,
      to: h.to_state,
      actor,
      note: h.note,
      at: iso(h.at) as string,
    });
    byQuestion.set(h.question_id, list);
  }
  return {
    room: { id: room.id, title: room.title, kind: room.kind },
    exportedAt: now.toISOString(),
    questions: questions.map((q) => ({
      id: q.id,
      createdAt: iso(q.created_at) as string,
      updatedAt: iso(q.updated_at) as string,
      state: q.state,
      text: q.text,
      originalText: q.original_text,
      anonymous: q.anonymous,
      author: q.anonymous ? null : { identity: q.author_identity, name: q.author_name },
      votes: q.votes,
      starred: q.starred,
      flagged: q.flagged,
      mergedInto: q.merged_into,
      dismissReason: q.dismiss_reason,
      answer: q.answer_mode
        ? {
            mode: q.answer_mode,
            aiGenerated: q.answer_mode === 'twin',
            text: q.answer_text,
            citations: (q.answer_citations ?? []) as QaCitation[],
            answeredBy: q.answered_by,
            answeredAt: iso(q.answered_at),
          }
        : null,
      history: byQuestion.get(q.id) ?? [],
    })),
  };
}

/** Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection), plus tab and CR. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field: a cell that a spreadsheet would run as a formula gets a leading single quote, and
 * a field with a comma, quote or line break is quoted with its quotes doubled (RFC 4180).
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const CSV_COLUMNS = [
  'id',
  'created_at',
  'state',
  'votes',
  'starred',
  'flagged',
  'anonymous',
  'author',
  'text',
  'original_text',
  'merged_into',
  'dismiss_reason',
  'answer_mode',
  'answer_ai_generated',
  'answer_text',
  'answered_by',
  'answered_at',
  'citations',
  'history',
] as const;

/** The export as CSV (UTF-8 with a BOM so spreadsheets read accents right; CRLF line ends). */
export function toCsv(data: QaExport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const q of data.questions) {
    const history = q.history.map(
      (h) => `${h.at} ${h.action} ${h.from ?? '-'}>${h.to}${h.actor ? ` by ${h.actor}` : ''}`,
    );
    const cells: Array<string | number | boolean | null> = [
      q.id,
      q.createdAt,
      q.state,
      q.votes,
      q.starred,
      q.flagged,
      q.anonymous,
      q.author ? q.author.name : q.anonymous ? 'Anonymous' : null,
      q.text,
      q.originalText,
      q.mergedInto,
      q.dismissReason,
      q.answer?.mode ?? null,
      q.answer ? q.answer.aiGenerated : null,
      q.answer?.text ?? null,
      q.answer?.answeredBy ?? null,
      q.answer?.answeredAt ?? null,
      q.answer && q.answer.citations.length > 0 ? JSON.stringify(q.answer.citations) : null,
      history.join('; '),
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
