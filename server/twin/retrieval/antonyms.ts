import { porterStem } from './stemmer.ts';

// Polarity pairs. A question that asks about one side ("the last …", "the smallest …") is not
// answered by a passage that states only the other side: the same test as a negation flip.
const PAIRS = `first last|before after|earliest latest|early late|largest smallest|larger smaller|biggest smallest|
highest lowest|higher lower|most least|more less|more fewer|maximum minimum|increase decrease|increased decreased|
rise fall|rose fell|gain lose|gained lost|win lose|won lost|begin end|began ended|start end|started ended|north south|
east west|northern southern|eastern western|upper lower|major minor|inner outer|success failure|successful unsuccessful|
succeed fail|accept reject|accepted rejected|allow forbid|allowed banned|legal illegal|public private|rich poor|
strong weak|strongest weakest|old new|oldest newest|older newer|open closed|supported opposed|support oppose|agree disagree|
above below|inside outside|import export|imported exported|ancient modern|left right|always never|add remove|added removed`;

/** Stem → stems of its opposites. */
export const ANTONYMS: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const map = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    const set = map.get(a) ?? new Set<string>();
    set.add(b);
    map.set(a, set);
  };
  for (const pair of PAIRS.split('|')) {
    const [a, b] = pair.trim().split(/\s+/);
    if (!a || !b) continue;
    const [sa, sb] = [porterStem(a), porterStem(b)];
    link(sa, sb);
    link(sb, sa);
  }
  return map;
})();
