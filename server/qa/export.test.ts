import { describe, expect, it } from 'vitest';
import { buildExport, csvCell, toCsv } from './export.ts';
import type { HistoryRow, QuestionRow } from './tables.ts';

const at = new Date('2026-05-01T10:00:00Z');

function question(over: Partial<QuestionRow>): QuestionRow {
  return {
    id: 'q_AAAAAAAAAAAA',
    room_id: 'hall',
    text: 'Plain question?',
    text_key: 'plain question',
    original_text: null,
    edited_by: null,
    author_identity: 'ada-abcdef',
    author_name: 'Ada',
    anonymous: false,
    state: 'approved',
    flagged: false,
    starred: false,
    votes: 2,
    merged_into: null,
    dismiss_reason: null,
    answer_mode: null,
    answer_text: null,
    answer_citations: null,
    answered_by: null,
    answered_at: null,
    created_at: at,
    updated_at: at,
    seq: '7',
    ...over,
  };
}

describe('csvCell', () => {
  it('defuses formulas with a leading quote', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+SUM(A1)')).toBe("'+SUM(A1)");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\t=x')).toBe("'\t=x");
    expect(csvCell('\r=x')).toBe(`"'\r=x"`);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a = b')).toBe('a = b');
  });

  it('writes numbers, booleans and nulls as they are', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
  });
});

describe('export', () => {
  it('hides anonymous authors everywhere, even in stored history', () => {
    const q = question({ anonymous: true, author_identity: 'secret-person', author_name: 'Secret Person' });
    const history: HistoryRow[] = [
      {
        id: 1,
        question_id: q.id,
        action: 'submit',
        from_state: null,
        to_state: 'pending',
        actor_identity: 'secret-person',
        note: null,
        at,
      },
      {
        id: 2,
        question_id: q.id,
        action: 'approve',
        from_state: 'pending',
        to_state: 'approved',
        actor_identity: 'mod-1',
        note: null,
        at,
      },
    ];
    const data = buildExport({ id: 'hall', title: 'Hall', kind: 'all-hands' }, [q], history, at);
    expect(data.questions[0]?.author).toBeNull();
    expect(data.questions[0]?.history.map((h) => h.actor)).toEqual([null, 'mod-1']);
    const csv = toCsv(data);
    for (const text of [JSON.stringify(data), csv]) {
      expect(text).not.toContain('secret-person');
      expect(text).not.toContain('Secret Person');
    }
    expect(csv.startsWith('\uFEFFid,created_at,')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe(
      'q_AAAAAAAAAAAA,2026-05-01T10:00:00.000Z,approved,2,false,false,true,Anonymous,Plain question?,,,,,,,,,,2026-05-01T10:00:00.000Z submit ->pending; 2026-05-01T10:00:00.000Z approve pending>approved by mod-1',
    );
  });

  it('carries answers and citations', () => {
    const q = question({
      state: 'answered',
      answer_mode: 'twin',
      answer_text: 'Two days, a week.',
      answer_citations: [{ doc: 'remote.md', quote: 'Two days a week.' }],
      answered_by: 'twin-ceo',
      answered_at: at,
    });
    const data = buildExport({ id: 'hall', title: 'Hall', kind: 'all-hands' }, [q], [], at);
    expect(data.questions[0]?.answer).toEqual({
      mode: 'twin',
      aiGenerated: true,
      text: 'Two days, a week.',
      citations: [{ doc: 'remote.md', quote: 'Two days a week.' }],
      answeredBy: 'twin-ceo',
      answeredAt: '2026-05-01T10:00:00.000Z',
    });
    const row = toCsv(data).split('\r\n')[1] ?? '';
    expect(row).toContain(
      ',twin,true,"Two days, a week.",twin-ceo,2026-05-01T10:00:00.000Z,"[{""doc"":""remote.md"",""quote"":""Two days a week.""}]",',
    );
  });
});
