import type { OculusViseme } from '../../../common/timeline.ts';

/**
 * Every phone Festival's US voices emit: the `radio` phone set (ARPAbet-like, lowercase) that
 * cmu_us_slt_arctic_hts selects, including its silences `pau`, `h#` and `brth`.
 */
export const FESTIVAL_US_PHONES = [
  'aa',
  'ae',
  'ah',
  'ao',
  'aw',
  'ax',
  'axr',
  'ay',
  'b',
  'ch',
  'd',
  'dh',
  'dx',
  'eh',
  'el',
  'em',
  'en',
  'er',
  'ey',
  'f',
  'g',
  'hh',
  'hv',
  'ih',
  'iy',
  'jh',
  'k',
  'l',
  'm',
  'n',
  'nx',
  'ng',
  'ow',
  'oy',
  'p',
  'r',
  's',
  'sh',
  't',
  'th',
  'uh',
  'uw',
  'v',
  'w',
  'y',
  'z',
  'zh',
  'pau',
  'h#',
  'brth',
] as const;

/**
 * Phone -> Oculus viseme(s). Diphthongs move the mouth from one shape to another, so they map to two
 * visemes that share the phone's time (first 55%, then 45%). `hh` has no shape of its own and takes a
 * relaxed open mouth.
 */
export const PHONE_VISEMES: Readonly<Record<string, readonly OculusViseme[]>> = {
  // silences
  pau: ['sil'],
  'h#': ['sil'],
  brth: ['sil'],
  // lips closed
  p: ['PP'],
  b: ['PP'],
  m: ['PP'],
  em: ['PP'],
  // lower lip to teeth
  f: ['FF'],
  v: ['FF'],
  // tongue between teeth
  th: ['TH'],
  dh: ['TH'],
  // tongue tip on the ridge
  t: ['DD'],
  d: ['DD'],
  dx: ['DD'],
  // back of the tongue
  k: ['kk'],
  g: ['kk'],
  ng: ['kk'],
  hh: ['kk'],
  hv: ['kk'],
  // rounded, protruded post-alveolars
  ch: ['CH'],
  jh: ['CH'],
  sh: ['CH'],
  zh: ['CH'],
  s: ['SS'],
  z: ['SS'],
  n: ['nn'],
  nx: ['nn'],
  en: ['nn'],
  l: ['nn'],
  el: ['nn'],
  r: ['RR'],
  er: ['RR'],
  axr: ['RR'],
  // vowels
  aa: ['aa'],
  ae: ['aa'],
  ah: ['aa'],
  eh: ['E'],
  ax: ['E'],
  ih: ['ih'],
  iy: ['ih'],
  y: ['ih'],
  ao: ['oh'],
  uh: ['ou'],
  uw: ['ou'],
  w: ['ou'],
  // diphthongs
  ay: ['aa', 'ih'],
  aw: ['aa', 'ou'],
  ey: ['E', 'ih'],
  ow: ['oh', 'ou'],
  oy: ['oh', 'ih'],
};

/**
 * Visemes for a phone in Festival's set, also accepting CMU/ARPAbet spellings ("AH0", "HH"). Unknown
 * phones give `sil` so a strange symbol never makes the mouth jump.
 */
export function visemesForPhone(phone: string): readonly OculusViseme[] {
  const key = phone.toLowerCase().replace(/[0-9]$/, '');
  return PHONE_VISEMES[key] ?? ['sil'];
}
