/** A sentence and where it sits in the text it was cut from. */
export interface SentenceSpan {
  text: string;
  charStart: number;
  charEnd: number;
}

// Words after which a period does not end a sentence.
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
  'etc',
  'inc',
  'ltd',
  'co',
  'corp',
  'dept',
  'e.g',
  'i.e',
  'approx',
  'vol',
  'fig',
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
  'u.s',
  'u.k',
  'a.m',
  'p.m',
]);

/**
 * Cuts text into sentences for sentence-by-sentence synthesis: at . ! ? (and runs of them, with closing
 * quotes/brackets) followed by whitespace, not after common abbreviations, initials or inside numbers
 * ("3.5"); also at blank lines. Sentences longer than `maxChars` are cut further at , ; : or spaces.
 */
export function splitSentences(text: string, maxChars = 300): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start] as string)) start++;
    while (end > start && /\s/.test(text[end - 1] as string)) end--;
    if (end > start) spans.push(...cutLong(text, start, end, maxChars));
  };
  let start = 0;
  const re = /([.!?…]+)(["'”’)\]]*)(\s+)|\n\s*\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + (m[1] ?? '').length + (m[2] ?? '').length;
    if (m[1] === '.' && isAbbreviation(text, m.index)) continue;
    push(start, m[1] ? end : m.index);
    start = m.index + m[0].length;
  }
  push(start, text.length);
  return spans;
}

function isAbbreviation(text: string, dotIndex: number): boolean {
  const before = /([A-Za-z][A-Za-z.]*)$/.exec(text.slice(Math.max(0, dotIndex - 12), dotIndex));
  if (!before) return false;
  const word = (before[1] as string).toLowerCase();
  // Single capital letters are initials ("J. Smith").
  return ABBREVIATIONS.has(word) || /^[A-Z]$/.test(before[1] as string);
}

function cutLong(text: string, start: number, end: number, maxChars: number): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  while (end - start > maxChars) {
    const window = text.slice(start, start + maxChars);
    let cut = Math.max(window.lastIndexOf(', '), window.lastIndexOf('; '), window.lastIndexOf(': '));
    if (cut < maxChars / 3) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = maxChars - 1;
    const pieceEnd = start + cut + 1;
    let e = pieceEnd;
    while (e > start && /\s/.test(text[e - 1] as string)) e--;
    out.push({ text: text.slice(start, e), charStart: start, charEnd: e });
    start = pieceEnd;
    while (start < end && /\s/.test(text[start] as string)) start++;
  }
  if (end > start) out.push({ text: text.slice(start, end), charStart: start, charEnd: end });
  return out;
}
