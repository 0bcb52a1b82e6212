// What an avatar model must carry for the twin: morph targets driven by the viseme timeline and
// blinks. Shared by the server (upload check) and the client (lip-sync). Framework-free.
import { OCULUS_VISEMES, type OculusViseme } from './timeline.ts';

/** glTF morph target name of each Oculus viseme (the Ready Player Me / Oculus convention). */
export const VISEME_MORPH_TARGETS: Readonly<Record<OculusViseme, string>> = {
  sil: 'viseme_sil',
  PP: 'viseme_PP',
  FF: 'viseme_FF',
  TH: 'viseme_TH',
  DD: 'viseme_DD',
  kk: 'viseme_kk',
  CH: 'viseme_CH',
  SS: 'viseme_SS',
  nn: 'viseme_nn',
  RR: 'viseme_RR',
  aa: 'viseme_aa',
  E: 'viseme_E',
  ih: 'viseme_I',
  oh: 'viseme_O',
  ou: 'viseme_U',
};

/** ARKit blink targets the twin animates. */
export const BLINK_MORPH_TARGETS = ['eyeBlinkLeft', 'eyeBlinkRight'] as const;

/** Every morph target a persona avatar must have, in a stable order (visemes, then blinks). */
export const REQUIRED_AVATAR_MORPH_TARGETS: readonly string[] = [
  ...OCULUS_VISEMES.map((v) => VISEME_MORPH_TARGETS[v]),
  ...BLINK_MORPH_TARGETS,
];
