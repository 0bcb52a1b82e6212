import { el } from './qa-dom.ts';

export interface PromptOptions {
  title: string;
  label: string;
  confirm: string;
  maxChars: number;
  /** Text already in the box (e.g. the question being edited). */
  initial?: string;
  /** May be confirmed empty (optional reasons and summaries). */
  optional?: boolean;
  /** Choices shown as a select instead of a text box (merge targets): value → label. */
  choices?: readonly { value: string; label: string }[];
  /** Marks a destructive confirmation. */
  danger?: boolean;
  /** No input at all: a plain "are you sure" question. */
  confirmOnly?: boolean;
}

/**
 * One modal dialog for the console's questions to the person: a text prompt (reason, edit,
 * answer, summary), a choice (merge target) or a confirmation (remove, mute all, end). The action
 * runs on confirm; if it fails the dialog stays open with the error, so nothing typed is lost.
 */
export class ConsoleDialog {
  readonly dialog: HTMLDialogElement;
  readonly #form: HTMLFormElement;
  readonly #title: HTMLElement;
  readonly #label: HTMLLabelElement;
  readonly #text: HTMLTextAreaElement;
  readonly #select: HTMLSelectElement;
  readonly #error: HTMLElement;
  readonly #confirm: HTMLButtonElement;
  readonly #cancel: HTMLButtonElement;
  #options: PromptOptions | null = null;
  #action: ((value: string) => Promise<void>) | null = null;

  constructor(doc: Document) {
    this.dialog = el(doc, 'dialog', {
      id: 'console-dialog',
      class: 'qa-dialog',
      'aria-labelledby': 'console-dialog-title',
    });
    this.#form = el(doc, 'form', { method: 'dialog' });
    this.#title = el(doc, 'h3', { id: 'console-dialog-title' });
    this.#label = el(doc, 'label', { id: 'console-dialog-label' });
    this.#text = el(doc, 'textarea', { id: 'console-dialog-text', rows: '4' });
    this.#select = el(doc, 'select', { id: 'console-dialog-choice' });
    this.#error = el(doc, 'p', { id: 'console-dialog-error', class: 'qa-error', role: 'alert' });
    this.#confirm = el(doc, 'button', { type: 'submit', id: 'console-dialog-confirm', class: 'primary' });
    this.#cancel = el(doc, 'button', { type: 'button', id: 'console-dialog-cancel' }, 'Cancel');
    const row = el(doc, 'div', { class: 'qa-ask-row' });
    row.append(this.#cancel, this.#confirm);
    this.#form.append(this.#title, this.#label, this.#text, this.#select, this.#error, row);
    this.dialog.append(this.#form);
    this.#cancel.addEventListener('click', () => this.dialog.close());
    this.#form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.#submit();
    });
  }

  open(options: PromptOptions, action: (value: string) => Promise<void>): void {
    this.#options = options;
    this.#action = action;
    this.#title.textContent = options.title;
    this.#label.textContent = options.label;
    this.#confirm.textContent = options.confirm;
    this.#confirm.className = options.danger ? 'danger' : 'primary';
    this.#error.textContent = '';
    delete this.#label.dataset.invalid;
    const choices = options.choices;
    this.#text.hidden = Boolean(choices) || options.confirmOnly === true;
    this.#select.hidden = !choices;
    this.#label.htmlFor = choices ? 'console-dialog-choice' : 'console-dialog-text';
    this.#text.value = options.initial ?? '';
    this.#text.maxLength = options.maxChars;
    this.#select.replaceChildren(
      ...(choices ?? []).map((c) => el(this.dialog.ownerDocument, 'option', { value: c.value }, c.label)),
    );
    if (!this.dialog.open) this.dialog.showModal();
    (choices ? this.#select : options.confirmOnly ? this.#confirm : this.#text).focus();
  }

  close(): void {
    if (this.dialog.open) this.dialog.close();
  }

  async #submit(): Promise<void> {
    const o = this.#options;
    const action = this.#action;
    if (!o || !action) return;
    const value = o.choices ? this.#select.value : o.confirmOnly ? '' : this.#text.value.trim();
    if (!value && !o.optional && !o.confirmOnly) {
      this.#label.dataset.invalid = 'true';
      this.#error.textContent = `${o.label} cannot be empty.`;
      (o.choices ? this.#select : this.#text).focus();
      return;
    }
    this.#confirm.disabled = true;
    try {
      await action(value);
      this.#action = null;
      this.dialog.close();
    } catch (err) {
      this.#error.textContent = err instanceof Error ? err.message : String(err);
    } finally {
      this.#confirm.disabled = false;
    }
  }
}
