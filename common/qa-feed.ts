/**
 * The client side of Q&A realtime: folding server events into an API snapshot. Framework-free.
 */
import type { QaEvent, QuestionDto, QuestionListResponse, VoteResponse } from './qa.ts';

/**
 * A client's view of a room's questions: a snapshot from the API plus the events that follow, in
 * any order. Events at or below the snapshot's `seq` are already in it; for each question, an event
 * older than what is known is ignored, so late or repeated packets cannot undo newer state.
 *
 * @example
 * const feed = new QaFeed(); feed.load(await api.questions(roomId));
 * room.on('dataReceived', (payload, p, _k, topic) => {
 *   const e = acceptQaPacket({ topic, participantIdentity: p?.identity, payload }); if (e) feed.apply(e);
 * });
 */
export class QaFeed {
  #watermark = -1;
  /** Per question: its content as of `contentSeq`, its vote count as of `votesSeq`. */
  readonly #entries = new Map<string, FeedEntry>();
  /** Seq of the removal, per question id no longer in view. */
  readonly #removed = new Map<string, number>();
  /** Vote counts that arrived before their question (applied when it does). */
  readonly #earlyVotes = new Map<string, { votes: number; seq: number }>();

  get seq(): number {
    return this.#watermark;
  }

  load(snapshot: Pick<QuestionListResponse, 'seq' | 'questions'>): void {
    this.#watermark = snapshot.seq;
    this.#entries.clear();
    this.#removed.clear();
    this.#earlyVotes.clear();
    for (const q of snapshot.questions) {
      this.#entries.set(q.id, { question: { ...q }, contentSeq: q.seq, votesSeq: q.seq });
    }
  }

  /** Applies one event; true when the view changed. Events for another room are the caller's to filter. */
  apply(event: QaEvent): boolean {
    if (event.seq <= this.#watermark) return false;
    switch (event.type) {
      case 'question.upserted':
        return this.#upsert(event.question, event.seq);
      case 'question.removed': {
        const entry = this.#entries.get(event.id);
        const known = entry?.contentSeq ?? this.#removed.get(event.id) ?? -1;
        if (event.seq < known) return false;
        this.#removed.set(event.id, event.seq);
        this.#earlyVotes.delete(event.id);
        return this.#entries.delete(event.id);
      }
      case 'vote.changed':
        return this.#votes(event.id, event.votes, event.seq);
      default:
        return false;
    }
  }

  #upsert(q: QuestionDto, seq: number): boolean {
    const entry = this.#entries.get(q.id);
    // Equal seq is accepted: one change may remove a question for everyone, then re-add it for staff.
    if (seq < (entry?.contentSeq ?? this.#removed.get(q.id) ?? -1)) return false;
    const next: FeedEntry = {
      question: { ...q, seq, voted: entry?.question.voted, mine: entry?.question.mine },
      contentSeq: seq,
      votesSeq: seq,
    };
    // A newer vote count (already applied, or early) wins over the one in this snapshot.
    const newer = [entry && { votes: entry.question.votes, seq: entry.votesSeq }, this.#earlyVotes.get(q.id)]
      .filter((v): v is { votes: number; seq: number } => !!v && v.seq > seq)
      .sort((a, b) => b.seq - a.seq)[0];
    if (newer) {
      next.question.votes = newer.votes;
      next.votesSeq = newer.seq;
    }
    next.question.seq = Math.max(next.contentSeq, next.votesSeq);
    this.#earlyVotes.delete(q.id);
    this.#removed.delete(q.id);
    this.#entries.set(q.id, next);
    return true;
  }

  #votes(id: string, votes: number, seq: number): boolean {
    const entry = this.#entries.get(id);
    if (!entry) {
      // Its question may still be on the way; keep the newest count for it.
      const early = this.#earlyVotes.get(id);
      if (seq > (this.#removed.get(id) ?? -1) && (!early || early.seq < seq))
        this.#earlyVotes.set(id, { votes, seq });
      return false;
    }
    if (seq <= entry.votesSeq) return false;
    entry.question.votes = votes;
    entry.votesSeq = seq;
    entry.question.seq = Math.max(entry.contentSeq, seq);
    return true;
  }

  /** Records the caller's own vote from a POST …/vote response. */
  setVoted(id: string, res: VoteResponse): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    entry.question.voted = res.voted;
    // The count in an older response must not undo a newer event.
    this.#votes(id, res.votes, res.seq);
  }

  get(id: string): FeedQuestion | undefined {
    return this.#entries.get(id)?.question;
  }

  /** Questions in view, `top` (votes, then oldest) or `recent` (newest first). */
  list(sort: 'top' | 'recent' = 'top'): FeedQuestion[] {
    const all = [...this.#entries.values()].map((e) => e.question);
    return sort === 'top'
      ? all.sort(
          (a, b) => b.votes - a.votes || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
        )
      : all.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }
}

/** A question in a client's feed: the caller's own flags are known only from API responses. */
export type FeedQuestion = QuestionDto & { voted?: boolean | undefined; mine?: boolean | undefined };

interface FeedEntry {
  question: FeedQuestion;
  contentSeq: number;
  votesSeq: number;
}
