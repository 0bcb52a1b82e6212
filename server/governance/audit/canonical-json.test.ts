import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same bytes whatever the key order or formatting of the input', () => {
    const a = JSON.parse('{ "x": 1, "y": [true, null, "é"] }') as unknown;
    const b = JSON.parse('{"y":[true,null,"é"],"x":1.0}') as unknown;
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('sorts by UTF-16 code units like RFC 8785', () => {
    // U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16 order, after it in code points.
    expect(canonicalJson({ '\ufb33': 1, '\u{1f600}': 2, a: 0 })).toBe('{"a":0,"\u{1f600}":2,"\ufb33":1}');
  });

  it('writes numbers as ECMAScript does', () => {
    expect(canonicalJson([1e21, 1e-7, 0.1, -0, 333333333.3333333])).toBe(
      '[1e+21,1e-7,0.1,0,333333333.3333333]',
    );
  });

  it('escapes control characters and keeps other text as is', () => {
    expect(canonicalJson('a\u0000"\\\n\u2028é')).toBe('"a\\u0000\\"\\\\\\n\u2028é"');
  });

  it('omits undefined members but refuses values JSON cannot carry', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow('$.a: NaN has no JSON form');
    expect(() => canonicalJson([1, undefined])).toThrow('$[1]: undefined');
    expect(() => canonicalJson({ d: new Date(0) })).toThrow('$.d: only plain objects');
    expect(() => canonicalJson({ n: 1n })).toThrow('bigint');
  });
});
