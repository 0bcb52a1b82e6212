/**
 * Raised hands and the stage as a client sees them: a snapshot from `GET …/stage` plus the
 * server's `stage.changed` events, newest per person wins. Framework-free (unit-tested in Node).
 */
import type { QaEvent, StageEntryDto, StageListResponse } from '../../common/qa.ts';

export class StageStore {
  readonly #entries = new Map<string, { entry: StageEntryDto; seq: number }>();
  #watermark = -1;
  #pending: StageEntryEvent[] | null = null;

  constructor(readonly roomId: string) {}

  /** Call before requesting a snapshot: events that arrive meanwhile are replayed onto it. */
  beginLoad(): void {
    this.#pending = [];
  }

  finishLoad(snapshot: StageListResponse): void {
    const replay = this.#pending ?? [];
    this.#pending = null;
    this.#watermark = snapshot.seq;
    this.#entries.clear();
    for (const entry of snapshot.entries) this.#entries.set(entry.identity, { entry, seq: snapshot.seq });
    for (const e of replay) this.#apply(e.entry, e.seq);
  }

  failLoad(): void {
    this.#pending = null;
  }

  /** Applies a server event; true when the stage view changed. */
  receive(event: QaEvent): boolean {
    if (event.type !== 'stage.changed' || event.roomId !== this.roomId) return false;
    this.#pending?.push({ entry: event.entry, seq: event.seq });
    return this.#apply(event.entry, event.seq);
  }

  /** An entry from one of our own API responses (raise hand, promote). */
  upsertFromResponse(entry: StageEntryDto): void {
    const known = this.#entries.get(entry.identity);
    // A response carries no seq; it is at least as new as what we had unless an event overtook it.
    if (known && Date.parse(known.entry.updatedAt) > Date.parse(entry.updatedAt)) return;
    this.#entries.set(entry.identity, { entry, seq: known?.seq ?? this.#watermark });
  }

  get(identity: string): StageEntryDto | undefined {
    return this.#entries.get(identity)?.entry;
  }

  /** People on stage first, then raised hands oldest first; people with neither are left out. */
  list(): StageEntryDto[] {
    const all = [...this.#entries.values()].map((e) => e.entry).filter((e) => e.onStage || e.handRaised);
    return all.sort(
      (a, b) =>
        Number(b.onStage) - Number(a.onStage) ||
        (a.handRaisedAt ?? a.updatedAt).localeCompare(b.handRaisedAt ?? b.updatedAt) ||
        a.identity.localeCompare(b.identity),
    );
  }

  #apply(entry: StageEntryDto, seq: number): boolean {
    if (seq <= this.#watermark) return false;
    const known = this.#entries.get(entry.identity);
    if (known && known.seq >= seq) return false;
    this.#entries.set(entry.identity, { entry, seq });
    return true;
  }
}

interface StageEntryEvent {
  entry: StageEntryDto;
  seq: number;
}
