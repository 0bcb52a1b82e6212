/**
 * Every timer the SFU starts goes through here so `stats().timers` can prove none leak after a
 * participant or room goes away.
 */
export class TimerRegistry {
  private readonly active = new Set<NodeJS.Timeout>();

  setTimeout(fn: () => void, delayMs: number): NodeJS.Timeout {
    const handle = setTimeout(() => {
      this.active.delete(handle);
      fn();
    }, delayMs);
    handle.unref();
    this.active.add(handle);
    return handle;
  }

  setInterval(fn: () => void, intervalMs: number): NodeJS.Timeout {
    const handle = setInterval(fn, intervalMs);
    handle.unref();
    this.active.add(handle);
    return handle;
  }

  clear(handle: NodeJS.Timeout | undefined): void {
    if (!handle) return;
    clearTimeout(handle);
    this.active.delete(handle);
  }

  clearAll(): void {
    for (const h of this.active) clearTimeout(h);
    this.active.clear();
  }

  get size(): number {
    return this.active.size;
  }
}
