/** A unit of approved text: `body.slice(start, end)` is exactly the sentence (or heading). */
export interface TextSpan {
  start: number;
  end: number;
  kind: 'sentence' | 'heading';
  /** Index of the paragraph/list item/heading block the span belongs to. */
  block: number;
}

// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'vs',
  'e.g',
  'i.e',
  'eg',
  'ie',
  'no',
  'fig',
  'approx',
  'cf',
  'al',
  'gen',
  'gov',
  'sen',
  'rep',
  'lt',
  'col',
  'capt',
  'mt',
  'ft',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'inc',
  'ltd',
  'co',
  'corp',
  'dept',
  'est',
  'ca',
  'c',
  'rev',
  'hon',
  'mme',
  'messrs',
]);

const HEADING_RE = /^(#{1,6})[ \t]+/;
const LIST_RE = /^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+/;
const QUOTE_RE = /^[ \t]*>[ \t]?/;

interface Block {
  start: number;
  end: number;
  heading: boolean;
}

/** Paragraphs, list items and headings of a Markdown body, with the markers left out. */
function blocks(body: string): Block[] {
  const out: Block[] = [];
  let current: Block | undefined;
  const close = () => {
    if (current) out.push(current);
    current = undefined;
  };
  let pos = 0;
  for (const line of body.split('\n')) {
    const lineStart = pos;
    const lineEnd = pos + line.length;
    pos = lineEnd + 1;
    if (line.trim().length === 0 || /^\s*(?:---+|\*\*\*+|___+)\s*$/.test(line)) {
      close();
      continue;
    }
    const heading = HEADING_RE.exec(line);
    if (heading) {
      close();
      out.push({ start: lineStart + heading[0].length, end: lineEnd, heading: true });
      continue;
    }
    const marker = LIST_RE.exec(line) ?? QUOTE_RE.exec(line);
    if (marker) {
      // Every list item is its own block; a quoted line continues a quoted paragraph.
      if (LIST_RE.test(line) || !current) {
        close();
        current = { start: lineStart + marker[0].length, end: lineEnd, heading: false };
      } else current.end = lineEnd;
      continue;
    }
    if (current) current.end = lineEnd;
    else current = { start: lineStart, end: lineEnd, heading: false };
  }
  close();
  return out;
}

function isBoundary(text: string, dot: number): boolean {
  const ch = text[dot];
  if (ch !== '.') return true; // "!" and "?" always end a sentence
  // The word before the full stop.
  let i = dot - 1;
  while (i >= 0 && /[\p{L}\p{N}.]/u.test(text[i]!)) i--;
  const word = text.slice(i + 1, dot).toLowerCase();
  if (ABBREVIATIONS.has(word)) return false;
  if (/^\p{L}$/u.test(word) && /\p{Lu}/u.test(text[dot - 1]!)) return false; // initial: "J. Smith"
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return false; // "U.S." / "a.m."
  return true;
}

/** Sentence spans inside text[from, to), trimmed. */
function splitBlock(text: string, from: number, to: number, block: number): TextSpan[] {
  const spans: TextSpan[] = [];
  let start = from;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s && /[\p{L}\p{N}]/u.test(text.slice(s, e)))
      spans.push({ start: s, end: e, kind: 'sentence', block });
  };
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    let j = i + 1;
    while (j < to && /[.!?]/.test(text[j]!)) j++; // "?!", "..."
    while (j < to && /["'”’)\]*_]/.test(text[j]!)) j++; // closing quotes, brackets, emphasis
    if (j < to && !/\s/.test(text[j]!)) continue; // "3.5", "e.g.,", "example.com"
    let k = j;
    while (k < to && /\s/.test(text[k]!)) k++;
    if (k < to && /\p{Ll}/u.test(text[k]!)) continue; // next word in lower case: not a new sentence
    if (!isBoundary(text, i)) continue;
    push(j);
    start = j;
    i = j - 1;
  }
  push(to);
  return spans;
}

/** Splits an approved Markdown body into sentences and headings with exact character offsets. */
export function splitSentences(body: string): TextSpan[] {
  const out: TextSpan[] = [];
  blocks(body).forEach((b, index) => {
    if (b.heading) {
      let e = b.end;
      while (e > b.start && /[\s#]/.test(body[e - 1]!)) e--;
      if (e > b.start) out.push({ start: b.start, end: e, kind: 'heading', block: index });
    } else out.push(...splitBlock(body, b.start, b.end, index));
  });
  return out;
}
