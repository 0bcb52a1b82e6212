/**
 * Everything that turns question-derived text into Scheme for Festival. Text reaches Festival only as
 * the contents of one string literal, built by `schemeString` from `sanitizeForFestival` output, so no
 * input can close the literal and run Scheme of its own.
 */

// Typographic characters Festival's lexicon does not know, mapped to one ASCII character each so that
// offsets in the sanitized text equal offsets in the original.
const ASCII_FOR: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u2032': "'",
  '\u2013': '-',
  '\u2014': ',',
  '\u2212': '-',
  '\u2026': '.',
  '\u00a0': ' ',
  '\u00bd': ' ',
  '\u00b0': ' ',
};

/**
 * Same-length ASCII version of `text` for Festival: accents are dropped ("é" -> "e"), smart quotes and
 * dashes become ASCII, and everything else outside printable ASCII — including `"` and `\`, which mean
 * something inside a Scheme string, and control characters — becomes a space. Each UTF-16 code unit maps
 * to exactly one character, so offsets Festival reports map straight back to the original text.
 */
export function sanitizeForFestival(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) {
      out += ch === '"' || ch === '\\' ? ' ' : ch;
      continue;
    }
    const mapped = ASCII_FOR[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    const base = ch.normalize('NFD').charCodeAt(0);
    out +=
      base >= 0x41 && base < 0x7f && /[A-Za-z]/.test(String.fromCharCode(base))
        ? String.fromCharCode(base)
        : ' ';
  }
  return out;
}

/**
 * A Scheme (SIOD) string literal whose value is exactly `s`. Backslash and double quote are escaped;
 * control characters, which SIOD's reader might treat specially, are replaced by spaces.
 */
export function schemeString(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) out += ' ';
    else out += ch;
  }
  return out + '"';
}

/** Festival voice names are Scheme symbols we put in code: allow only plain identifiers. */
export function isSafeVoiceName(voice: string): boolean {
  return /^[a-z][a-z0-9_]{0,63}$/.test(voice);
}

/**
 * Sent once when a process starts: selects the voice and defines `podium_synth`, which synthesizes,
 * saves the wave, prints every phone (start, end, name), every token with the words it became (start,
 * end, name) and `PODIUM-OK id`. The caller then prints `PODIUM-END id` as a separate expression, so a
 * Scheme error inside podium_synth still ends the request (without the OK line).
 */
export function festivalPrelude(voice: string): string {
  if (!isSafeVoiceName(voice)) throw new Error(`unsafe Festival voice name: ${voice}`);
  return `(voice_${voice})
(define (podium_synth id text wavfile)
  (let ((u (SynthText text)) (tok nil) (i 0))
    (utt.save.wave u wavfile 'riff)
    (mapcar
      (lambda (s) (format t "P %f %f %s\\n" (item.feat s "segment_start") (item.feat s "end") (item.name s)))
      (utt.relation.items u 'Segment))
    (set! tok (utt.relation.first u 'Token))
    (while tok
      (format t "T %d %s\\n" i (item.name tok))
      (mapcar
        (lambda (d)
          (if (item.relation d 'Word)
            (format t "W %d %f %f %s\\n" i (item.feat d "word_start") (item.feat d "word_end") (item.name d))))
        (item.daughters tok))
      (set! i (+ i 1))
      (set! tok (item.next tok)))
    (format t "PODIUM-OK %d\\n" id)))
(format t "PODIUM-READY %s\\n" current-voice)
(fflush nil)
`;
}

/** One request: synthesize `sanitizedText` into `wavPath`, then the end marker (flushed: stdout is a pipe). */
export function synthCommand(id: number, sanitizedText: string, wavPath: string): string {
  if (!Number.isSafeInteger(id) || id < 0) throw new Error(`bad request id ${id}`);
  return `(podium_synth ${id} ${schemeString(sanitizedText)} ${schemeString(wavPath)})
(format t "PODIUM-END %d\\n" ${id})
(fflush nil)
`;
}
