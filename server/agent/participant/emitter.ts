import type { Logger } from 'pino';

/** A small typed event emitter: `on` returns its own unsubscribe; a throwing listener is logged, not fatal. */
export class Emitter<E extends { [K in keyof E]: (...args: never[]) => void }> {
  private readonly listeners = new Map<keyof E, Set<E[keyof E]>>();

  constructor(private readonly log: Logger) {}

  on<K extends keyof E>(event: K, cb: E[K]): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(cb);
    return () => {
      set.delete(cb);
    };
  }

  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    for (const cb of this.listeners.get(event) ?? []) {
      try {
        (cb as (...a: Parameters<E[K]>) => void)(...args);
      } catch (err) {
        this.log.error({ err, event: String(event) }, 'twin participant listener threw');
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
