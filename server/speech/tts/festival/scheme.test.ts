import { describe, expect, it } from 'vitest';
import {
  festivalPrelude,
  isSafeVoiceName,
  sanitizeForFestival,
  schemeString,
  synthCommand,
} from './scheme.ts';
import { mapWordsToText, parseFestivalOutput } from './parse.ts';

/** Reads one SIOD string literal starting at `src[0]` the way Festival's reader does; returns value and end. */
function readSchemeString(src: string): { value: string; end: number } {
  expect(src[0]).toBe('"');
  let value = '';
  for (let i = 1; i < src.length; i++) {
    const ch = src[i] as string;
    if (ch === '\\') {
      value += src[++i];
      continue;
    }
    if (ch === '"') return { value, end: i + 1 };
    value += ch;
  }
  throw new Error('unterminated string');
}

const HOSTILE = [
  '") (system "touch /tmp/pwned") ("',
  '\\") (system \\"rm -rf ~\\") (\\"',
  'end\\',
  '"; (quit)',
  'line1\n(quit)\nline2',
  'tab\there\u0000nul\u001bescape',
  '#<Utterance> (set! voice_cmu_us_slt_arctic_hts nil)',
  '\u201cquoted\u201d \u2018single\u2019 caf\u00e9 na\u00efve \u2014 dash \u{1F600} emoji',
];

describe('Scheme escaping', () => {
  it('produces one literal whose value is the sanitized text, whatever the input', () => {
    for (const text of HOSTILE) {
      const clean = sanitizeForFestival(text);
      const literal = schemeString(clean);
      const { value, end } = readSchemeString(literal);
      expect(end).toBe(literal.length);
      expect(value).toBe(clean);
      expect(clean).not.toMatch(/["\\]/);
      expect(clean).toMatch(/^[\x20-\x7e]*$/);
    }
  });

  it('escapes quotes and backslashes even in text that was not sanitized', () => {
    for (const text of HOSTILE) {
      const literal = schemeString(text);
      const { value, end } = readSchemeString(literal);
      expect(end).toBe(literal.length);
      expect([...value].every((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)).toBe(true);
    }
    expect(schemeString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('keeps offsets: one output character per UTF-16 code unit', () => {
    for (const text of HOSTILE) expect(sanitizeForFestival(text).length).toBe(text.length);
    expect(sanitizeForFestival('Caf\u00e9 \u2019n\u2019 na\u00efve \u2013 ok')).toBe("Cafe 'n' naive - ok");
  });

  it('builds a request whose only free text is inside string literals', () => {
    const cmd = synthCommand(7, sanitizeForFestival(HOSTILE[0] as string), '/tmp/x/u7.wav');
    expect(cmd.startsWith('(podium_synth 7 "')).toBe(true);
    const rest = cmd.slice('(podium_synth 7 '.length);
    const text = readSchemeString(rest);
    expect(rest.slice(text.end, text.end + 1)).toBe(' ');
    const wav = readSchemeString(rest.slice(text.end + 1));
    expect(wav.value).toBe('/tmp/x/u7.wav');
    expect(rest.slice(text.end + 1 + wav.end)).toBe(')\n(format t "PODIUM-END %d\\n" 7)\n(fflush nil)\n');
    expect(() => synthCommand(-1, 'x', 'y')).toThrow();
  });

  it('accepts only plain voice names', () => {
    expect(isSafeVoiceName('cmu_us_slt_arctic_hts')).toBe(true);
    expect(isSafeVoiceName('x) (system "ls")')).toBe(false);
    expect(() => festivalPrelude('a b')).toThrow(/unsafe/);
    expect(festivalPrelude('cmu_us_slt_arctic_hts')).toContain('(voice_cmu_us_slt_arctic_hts)');
  });
});

describe('Festival output parsing', () => {
  const lines = [
    'P 0.000000 0.175000 pau',
    'P 0.175000 0.325000 hh',
    'T 0 He',
    'W 0 0.175000 0.325000 He',
    'T 1 $3.50',
    'W 1 0.325000 0.565000 three',
    'W 1 0.565000 0.950000 dollars',
    'WARNING: something unrelated',
    'T 2 he',
    'W 2 0.950000 1.100000 he',
    'PODIUM-OK 3',
  ];

  it('reads phones, tokens, words and the OK marker', () => {
    const out = parseFestivalOutput(lines, 3);
    expect(out.ok).toBe(true);
    expect(out.phones).toEqual([
      { phone: 'pau', startMs: 0, endMs: 175 },
      { phone: 'hh', startMs: 175, endMs: 325 },
    ]);
    expect(out.tokens.map((t) => t.name)).toEqual(['He', '$3.50', 'he']);
    expect(out.words[2]).toEqual({ token: 1, word: 'dollars', startMs: 565, endMs: 950 });
    expect(parseFestivalOutput(lines, 4).ok).toBe(false);
  });

  it('maps words back to the written tokens they came from', () => {
    const text = 'He paid $3.50, he said.';
    const words = mapWordsToText(parseFestivalOutput(lines, 3), text);
    expect(words.map((w) => text.slice(w.charStart, w.charEnd))).toEqual(['He', '$3.50', '$3.50', 'he']);
    expect(words[3]?.charStart).toBe(15);
  });

  it('places a word without sounds of its own where the word before it ends', () => {
    // Festival gives the /z/ of "Marisol's" to "Marisol"; its "'s" word comes with times 0..0.
    const text = "to Marisol's team";
    const out = parseFestivalOutput(
      [
        'T 0 to',
        'W 0 0.850000 0.990000 to',
        "T 1 Marisol's",
        'W 1 0.990000 1.580000 Marisol',
        "W 1 0.000000 0.000000 's",
        'T 2 team',
        'W 2 1.580000 1.980000 team',
        'PODIUM-OK 9',
      ],
      9,
    );
    const words = mapWordsToText(out, text);
    expect(words.map((w) => [w.word, w.startMs, w.endMs])).toEqual([
      ['to', 850, 990],
      ['Marisol', 990, 1580],
      ["'s", 1580, 1580],
      ['team', 1580, 1980],
    ]);
  });
});
