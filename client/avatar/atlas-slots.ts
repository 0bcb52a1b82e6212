/** Hands out atlas cells to ids, reusing freed cells lowest-first. */
export class AtlasSlots {
  private readonly byId = new Map<string, number>();
  private readonly free: number[] = [];
  private next = 0;

  constructor(readonly capacity: number) {}

  get used(): number {
    return this.byId.size;
  }

  /** The cell for `id` (the same one if it already has one), or null when all are taken. */
  acquire(id: string): number | null {
    const have = this.byId.get(id);
    if (have !== undefined) return have;
    let cell: number | undefined;
    if (this.free.length > 0) {
      this.free.sort((a, b) => b - a);
      cell = this.free.pop();
    } else if (this.next < this.capacity) {
      cell = this.next++;
    }
    if (cell === undefined) return null;
    this.byId.set(id, cell);
    return cell;
  }

  release(id: string): void {
    const cell = this.byId.get(id);
    if (cell === undefined) return;
    this.byId.delete(id);
    this.free.push(cell);
  }
}
