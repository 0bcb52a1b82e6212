import type { PrincipalDto } from '../../common/governance.ts';
import { ApiError } from '../lobby/api-error.ts';
import { canSee, describeRoles, pageFromHash, pagesFor, type PageId } from './access.ts';
import { clearCredential, loadCredential, saveCredential } from './credentials.ts';
import { h, replace } from './dom.ts';
import { GovApi } from './gov-api.ts';
import { describeError, type ConsolePage, type PageContext } from './page.ts';

function get<T extends HTMLElement>(doc: Document, id: string): T {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`console: #${id} missing from console.html`);
  return el as T;
}

/**
 * The console shell: sign-in, the navigation the principal's grants allow, and one page at a time
 * (by location hash). Leaving a page aborts its signal so its polls and late answers stop.
 */
export class ConsoleApp {
  readonly #doc: Document;
  readonly #pages: ReadonlyMap<PageId, ConsolePage>;
  #api: GovApi | null = null;
  #principal: PrincipalDto | null = null;
  #pageAbort: AbortController | null = null;

  constructor(doc: Document, pages: readonly ConsolePage[]) {
    this.#doc = doc;
    this.#pages = new Map(pages.map((p) => [p.id, p]));
    get<HTMLFormElement>(doc, 'sign-in-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.#signInFromForm();
    });
    get(doc, 'sign-out').addEventListener('click', () => this.signOut());
    doc.defaultView?.addEventListener('hashchange', () => this.#showPage());
  }

  /** Resumes a stored session, or shows the sign-in form. */
  async start(): Promise<void> {
    const stored = loadCredential();
    if (stored && (await this.#trySignIn(stored))) return;
    this.#showSignIn();
  }

  signOut(message = ''): void {
    clearCredential();
    this.#api = null;
    this.#principal = null;
    this.#leavePage();
    this.#showSignIn(message);
  }

  async #signInFromForm(): Promise<void> {
    const input = get<HTMLInputElement>(this.#doc, 'credential');
    const button = get<HTMLButtonElement>(this.#doc, 'sign-in-button');
    const token = input.value.trim();
    if (!token) {
      this.#signInError('Enter the admin secret or your staff token.');
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    button.disabled = true;
    try {
      if (await this.#trySignIn(token, true)) input.value = '';
    } finally {
      button.disabled = false;
    }
  }

  async #trySignIn(token: string, fromForm = false): Promise<boolean> {
    const api = new GovApi(token);
    try {
      const principal = await api.me();
      saveCredential(token);
      this.#api = api;
      this.#principal = principal;
      this.#showConsole();
      return true;
    } catch (err) {
      clearCredential();
      if (fromForm) {
        const refused = err instanceof ApiError && (err.status === 401 || err.status === 403);
        this.#signInError(
          refused ? 'That secret or token is not valid (it may have been revoked).' : describeError(err),
        );
      }
      return false;
    }
  }

  #signInError(message: string): void {
    get(this.#doc, 'sign-in-error').textContent = message;
  }

  #showSignIn(message = ''): void {
    get(this.#doc, 'console').hidden = true;
    get(this.#doc, 'who').hidden = true;
    get(this.#doc, 'sign-in').hidden = false;
    this.#signInError(message);
    get<HTMLInputElement>(this.#doc, 'credential').focus();
  }

  #showConsole(): void {
    const p = this.#principal!;
    get(this.#doc, 'sign-in').hidden = true;
    get(this.#doc, 'who').hidden = false;
    get(this.#doc, 'who-name').textContent = p.name;
    get(this.#doc, 'who-roles').textContent = describeRoles(p);
    get(this.#doc, 'console').hidden = false;
    get(this.#doc, 'credential').removeAttribute('aria-invalid');
    this.#renderNav();
    this.#showPage();
  }

  #renderNav(): void {
    const p = this.#principal!;
    const items = pagesFor(p)
      .filter((id) => this.#pages.has(id))
      .map((id) =>
        h('li', {}, h('a', { attrs: { href: `#${id}`, 'data-page': id } }, this.#pages.get(id)!.title)),
      );
    replace(get(this.#doc, 'nav-list'), ...items);
  }

  #leavePage(): void {
    this.#pageAbort?.abort();
    this.#pageAbort = null;
  }

  #showPage(): void {
    const p = this.#principal;
    const api = this.#api;
    if (!p || !api) return;
    this.#leavePage();
    const body = get(this.#doc, 'page-body');
    const title = get(this.#doc, 'page-title');
    const status = get(this.#doc, 'page-status');
    const error = get(this.#doc, 'page-error');
    status.textContent = '';
    error.textContent = '';
    const available = pagesFor(p).filter((id) => this.#pages.has(id));
    const requested = pageFromHash(this.#doc.location.hash);
    for (const a of this.#doc.querySelectorAll<HTMLAnchorElement>('#nav-list a')) {
      if (a.dataset.page === requested) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    if (available.length === 0) {
      title.textContent = 'No console pages';
      replace(body, h('p', { className: 'lede' }, 'Your grants do not include any console page.'));
      return;
    }
    if (requested === null) {
      this.#doc.location.hash = `#${available[0]}`; // fires hashchange → #showPage
      return;
    }
    // A page the role may not use is not rendered at all (the server would refuse its data too).
    if (!canSee(p, requested) || !this.#pages.has(requested)) {
      title.textContent = 'Not available';
      replace(
        body,
        h(
          'p',
          { className: 'lede', attrs: { 'data-denied': requested } },
          'This page is not available to your role.',
        ),
      );
      return;
    }
    const page = this.#pages.get(requested)!;
    const abort = new AbortController();
    this.#pageAbort = abort;
    title.textContent = page.title;
    replace(body);
    const ctx: PageContext = {
      api,
      principal: p,
      signal: abort.signal,
      notify: (message) => {
        if (!abort.signal.aborted) status.textContent = message;
      },
      fail: (err) => {
        if (abort.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) {
          this.signOut('Your session ended: sign in again.');
          return;
        }
        error.textContent = describeError(err);
      },
      clearError: () => {
        error.textContent = '';
      },
    };
    Promise.resolve(page.render(body, ctx)).catch((err: unknown) => ctx.fail(err));
  }
}
