/**
 * The desktop caption bar for the twin: "AI twin · <name>: words as they are heard". Text is set with
 * textContent only (never parsed as HTML). Sighted users see words appear as they are heard; screen
 * readers get a polite live region that announces each finished (or interrupted) sentence once,
 * rather than re-reading the line on every word.
 */
export class CaptionOverlay {
  readonly element: HTMLElement;
  private readonly who: HTMLElement;
  private readonly line: HTMLElement;
  private readonly live: HTMLElement;
  private lastAnnounced = '';

  constructor(doc: Document, container: HTMLElement) {
    const el = doc.createElement('div');
    el.id = 'twin-captions';
    el.setAttribute('role', 'region');
    el.setAttribute('aria-label', 'AI twin captions');
    Object.assign(el.style, {
      position: 'absolute',
      left: '50%',
      bottom: '88px',
      transform: 'translateX(-50%)',
      maxWidth: 'min(880px, 92%)',
      padding: '10px 16px',
      borderRadius: '10px',
      background: 'rgba(6, 10, 18, 0.86)',
      color: '#ffffff',
      font: '500 20px/1.4 system-ui, sans-serif',
      textAlign: 'center',
      pointerEvents: 'none',
      zIndex: '5',
      display: 'none',
    } satisfies Partial<CSSStyleDeclaration>);
    this.who = doc.createElement('span');
    this.who.className = 'twin-captions-who';
    this.who.style.color = '#8fdcff';
    this.who.style.fontWeight = '700';
    this.line = doc.createElement('span');
    this.line.className = 'twin-captions-text';
    const visual = doc.createElement('p');
    visual.style.margin = '0';
    visual.setAttribute('aria-hidden', 'true');
    visual.append(this.who, this.line);
    this.live = doc.createElement('p');
    this.live.className = 'twin-captions-live';
    this.live.setAttribute('aria-live', 'polite');
    Object.assign(this.live.style, {
      position: 'absolute',
      width: '1px',
      height: '1px',
      overflow: 'hidden',
      clipPath: 'inset(50%)',
      margin: '0',
    } satisfies Partial<CSSStyleDeclaration>);
    el.append(visual, this.live);
    container.append(el);
    this.element = el;
  }

  /** Shows `text` after the speaker prefix; an empty text hides the bar. */
  show(prefix: string, text: string): void {
    if (!text) {
      this.element.style.display = 'none';
      this.line.textContent = '';
      return;
    }
    if (this.who.textContent !== prefix) this.who.textContent = prefix;
    if (this.line.textContent !== text) this.line.textContent = text;
    this.element.style.display = 'block';
  }

  /** Announces a finished (or cut) sentence to assistive technology, once. */
  announce(prefix: string, sentence: string): void {
    if (!sentence || sentence === this.lastAnnounced) return;
    this.lastAnnounced = sentence;
    this.live.textContent = `${prefix}${sentence}`;
  }

  get text(): string {
    return this.element.style.display === 'none'
      ? ''
      : `${this.who.textContent ?? ''}${this.line.textContent ?? ''}`;
  }

  dispose(): void {
    this.element.remove();
  }
}
