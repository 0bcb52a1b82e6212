import { Writable } from 'node:stream';
import { ServerError } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { parseQaEvent, type QaEvent, type QuestionState } from '../../common/qa.ts';
import { createLogger } from '../log/index.ts';
import type { QaChange } from './events.ts';
import type { QaAnnouncer } from './media.ts';
import { QaPublisher, fitPayload, packetsFor } from './publisher.ts';
import type { QuestionRow } from './tables.ts';

const STAFF = ['mod-1', 'host-1'];
const staff = async () => STAFF;
const at = new Date('2026-05-01T10:00:00Z');

function row(over: Partial<QuestionRow> = {}): QuestionRow {
  return {
    id: 'q_AAAAAAAAAAAA',
    room_id: 'hall',
    text: 'Question?',
    text_key: 'question',
    original_text: null,
    edited_by: null,
    author_identity: 'ada-abcdef',
    author_name: 'Ada',
    anonymous: false,
    state: 'approved',
    flagged: false,
    starred: false,
    votes: 0,
    merged_into: null,
    dismiss_reason: null,
    answer_mode: null,
    answer_text: null,
    answer_citations: null,
    answered_by: null,
    answered_at: null,
    created_at: at,
    updated_at: at,
    seq: 1,
    ...over,
  };
}

const change = (
  state: QuestionState,
  previousState: QuestionState | null,
  over: Partial<QuestionRow> = {},
  seq = 5,
): QaChange => ({
  kind: 'question',
  roomId: 'hall',
  seq,
  row: row({ state, seq, ...over }),
  previousState,
});

/** An announcer that records what would have gone to LiveKit. */
class RecordingAnnouncer implements QaAnnouncer {
  readonly sent: Array<{ roomId: string; event: QaEvent; to: readonly string[] | null }> = [];
  failWith: unknown = null;
  gate: Promise<void> | null = null;

  async announce(roomId: string, payload: Uint8Array, to: readonly string[] | null): Promise<void> {
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    const event = parseQaEvent(payload);
    if (!event) throw new Error('unparseable payload');
    this.sent.push({ roomId, event, to });
  }
}

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, log: createLogger('debug', { destination: stream }) };
}

const summary = async (c: QaChange) =>
  (await packetsFor(c, staff)).map((p) => [p.event.type, p.to === null ? 'all' : p.to.join('+')]);

describe('who hears about a change', () => {
  it('tells everyone about public questions', async () => {
    expect(await summary(change('approved', 'pending'))).toEqual([['question.upserted', 'all']]);
    const [packet] = await packetsFor(change('live', 'approved'), staff);
    expect(packet?.event).toMatchObject({ v: 1, roomId: 'hall', seq: 5, type: 'question.upserted' });
    // The public snapshot carries no moderation details.
    expect(packet?.event.type === 'question.upserted' && packet.event.question.moderation).toBeNull();
  });

  it('tells only staff and the author about a pending question, in separate packets', async () => {
    expect(await summary(change('pending', null))).toEqual([
      ['question.upserted', 'mod-1+host-1'],
      ['question.upserted', 'ada-abcdef'],
    ]);
  });

  it('removes a question from everyone when it leaves public view, then re-adds it for staff', async () => {
    expect(await summary(change('dismissed', 'approved', { merged_into: 'q_BBBBBBBBBBBB' }))).toEqual([
      ['question.removed', 'all'],
      ['question.upserted', 'mod-1+host-1'],
    ]);
    const [removed] = await packetsFor(
      change('dismissed', 'approved', { merged_into: 'q_BBBBBBBBBBBB' }),
      staff,
    );
    expect(removed?.event).toMatchObject({
      type: 'question.removed',
      id: 'q_AAAAAAAAAAAA',
      mergedInto: 'q_BBBBBBBBBBBB',
    });
    // A pending question dismissed: the author, who saw it, is told it is gone.
    expect(await summary(change('dismissed', 'pending'))).toEqual([
      ['question.upserted', 'mod-1+host-1'],
      ['question.removed', 'ada-abcdef'],
    ]);
  });

  it('never puts an anonymous author next to anyone else in a destination list, nor in the payload', async () => {
    const packets = await packetsFor(
      change('pending', null, { anonymous: true, author_identity: 'secret-x', author_name: 'Secret' }),
      staff,
    );
    for (const p of packets) {
      if (p.to?.includes('secret-x')) expect(p.to).toEqual(['secret-x']);
      expect(JSON.stringify(p.event)).not.toContain('secret-x');
      expect(JSON.stringify(p.event)).not.toContain('Secret');
    }
    expect(packets).toHaveLength(2);
  });

  it('does not send the author a second copy when they are staff', async () => {
    expect(await summary(change('pending', null, { author_identity: 'mod-1' }))).toEqual([
      ['question.upserted', 'mod-1+host-1'],
    ]);
  });

  it('sends votes, stage and settings to everyone', async () => {
    const votes: QaChange = { kind: 'votes', roomId: 'hall', seq: 9, row: row(), votes: 3 };
    expect(await summary(votes)).toEqual([['vote.changed', 'all']]);
    const settings: QaChange = {
      kind: 'settings',
      roomId: 'hall',
      seq: 2,
      settings: { preModeration: false, ended: true, endedAt: at.toISOString() },
    };
    expect(await summary(settings)).toEqual([['settings.changed', 'all']]);
  });
});

describe('QaPublisher', () => {
  it('sends a room changes in order and never broadcasts what was meant for an empty staff list', async () => {
    const rec = new RecordingAnnouncer();
    const { log } = capture();
    const pub = new QaPublisher({ announcer: () => rec, staff: async () => [], log });
    pub.publish(change('pending', null, {}, 1));
    pub.publish(change('approved', 'pending', {}, 2));
    await pub.flush();
    expect(rec.sent.map((s) => [s.event.type, s.event.seq, s.to])).toEqual([
      // No staff connected: the staff packet is skipped, not sent to "everyone".
      ['question.upserted', 1, ['ada-abcdef']],
      ['question.upserted', 2, null],
    ]);
  });

  it('coalesces queued vote counts for a question, but never past a state change', async () => {
    const rec = new RecordingAnnouncer();
    let open!: () => void;
    rec.gate = new Promise((resolve) => (open = resolve));
    const { log } = capture();
    const pub = new QaPublisher({ announcer: () => rec, staff, log });
    const votes = (seq: number, n: number, id = 'q_AAAAAAAAAAAA'): QaChange => ({
      kind: 'votes',
      roomId: 'hall',
      seq,
      row: row({ id }),
      votes: n,
    });
    pub.publish(votes(1, 1)); // in flight (held by the gate)
    pub.publish(votes(2, 2));
    pub.publish(votes(3, 3)); // replaces seq 2
    pub.publish(votes(4, 1, 'q_BBBBBBBBBBBB'));
    pub.publish(votes(5, 4)); // replaces seq 3 (B's change is about another question)
    pub.publish(change('live', 'approved', { votes: 4 }, 6));
    pub.publish(votes(7, 5)); // after a state change: queued, not merged into seq 5
    rec.gate = null;
    open();
    await pub.flush();
    expect(rec.sent.map((s) => [s.event.type, s.event.seq])).toEqual([
      ['vote.changed', 1],
      ['vote.changed', 5],
      ['vote.changed', 4],
      ['question.upserted', 6],
      ['vote.changed', 7],
    ]);
    expect(pub.stats.coalesced).toBe(2);
  });

  it('logs a failed announce and carries on; a room nobody has opened is only a debug line', async () => {
    const rec = new RecordingAnnouncer();
    const { lines, log } = capture();
    const pub = new QaPublisher({ announcer: () => rec, staff, log, retryDelayMs: 1 });
    rec.failWith = new Error('connect ECONNREFUSED 127.0.0.1:9');
    pub.publish(change('approved', 'pending', {}, 1));
    pub.publish(change('approved', 'approved', {}, 2));
    await pub.flush();
    expect(lines.filter((l) => l.msg === 'qa announce failed').map((l) => l.level)).toEqual([
      'warn',
      'debug',
    ]);
    rec.failWith = new ServerError('TwirpError', 'requested room does not exist', 404, 'not_found');
    pub.publish(change('approved', 'pending', {}, 3));
    await pub.flush();
    expect(lines.at(-1)).toMatchObject({
      level: 'debug',
      msg: 'qa announce skipped: room not open in the media server',
    });
    rec.failWith = null;
    pub.publish(change('approved', 'pending', {}, 4));
    await pub.flush();
    expect(rec.sent.map((s) => s.event.seq)).toEqual([4]);
    // Each packet was tried twice, except in the room LiveKit does not have.
    expect(pub.stats).toMatchObject({ sent: 1, failed: 3, retried: 2 });
  });

  it('tries a failed packet once more before giving up', async () => {
    let calls = 0;
    const flaky: QaAnnouncer = {
      async announce() {
        calls += 1;
        if (calls === 1) throw new Error('The operation was aborted due to timeout');
      },
    };
    const pub = new QaPublisher({ announcer: () => flaky, staff, log: capture().log, retryDelayMs: 1 });
    pub.publish(change('approved', 'pending'));
    await pub.flush();
    expect(calls).toBe(2);
    expect(pub.stats).toMatchObject({ sent: 1, failed: 0, retried: 1 });
  });

  it('sends nothing without media, and nothing after close', async () => {
    const rec = new RecordingAnnouncer();
    let connected = false;
    const pub = new QaPublisher({ announcer: () => (connected ? rec : null), staff, log: capture().log });
    pub.publish(change('approved', 'pending'));
    await pub.flush();
    connected = true;
    await pub.close();
    pub.publish(change('approved', 'pending'));
    await pub.flush();
    expect(rec.sent).toEqual([]);
  });
});

describe('fitPayload', () => {
  it('drops citations from an answer too large for one packet, and gives up beyond that', () => {
    const big = change('answered', 'live', {
      answer_mode: 'twin',
      answer_text: 'short',
      answer_citations: Array.from({ length: 20 }, (_, i) => ({ doc: `d${i}.md`, quote: 'q'.repeat(1500) })),
      answered_by: 'twin-ceo',
      answered_at: at,
    });
    return packetsFor(big, staff).then(([packet]) => {
      if (!packet) throw new Error('no packet');
      const bytes = fitPayload(packet.event, 14 * 1024);
      const event = bytes && parseQaEvent(bytes);
      expect(event && event.type === 'question.upserted' && event.question.answer?.citations).toEqual([]);
      expect(fitPayload(packet.event, 100)).toBeNull();
    });
  });
});
