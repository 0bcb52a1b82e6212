/**
 * The words the Q&A filter holds for review. Deliberately small: a flagged question is only held
 * for a moderator, never dropped, so the cost of a miss is one moderator click and the cost of a
 * false alarm is small. Words that are also ordinary words or names (e.g. "hell", "crap", "dick",
 * "prick", "cock", "fag", "chink") are left out. Stems match with common endings (`-s`, `-ed`, `-er`, `-ing`, `-y`…).
 * Slurs are listed as well: nobody should see them projected in a town hall.
 */
export const PROFANE_STEMS: readonly string[] = [
  'fuck',
  'fuk',
  'phuck',
  'motherfuck',
  'shit',
  'bullshit',
  'horseshit',
  'cunt',
  'bitch',
  'bastard',
  'asshole',
  'arsehole',
  'dumbass',
  'jackass',
  'dickhead',
  'wanker',
  'twat',
  'bollocks',
  'slut',
  'whore',
  'piss',
  'douchebag',
  'retard',
  'faggot',
  'nigger',
  'nigga',
  'kike',
  'tranny',
];

/** Endings a stem may carry and still match (fucking, shitty, bitches, retarded, pissed, twats). */
export const PROFANE_SUFFIXES: readonly string[] = [
  '',
  's',
  'es',
  'ed',
  'er',
  'ers',
  'ing',
  'in',
  'y',
  'ty',
  'head',
  'heads',
  'face',
  'hole',
  'holes',
];
