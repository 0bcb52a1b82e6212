import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TWIN_AVATAR,
  twinAvatarFile,
  twinAvatarUrl,
  twinLabel,
  twinLeaderName,
  twinStateOf,
} from './twin-presence.ts';

describe('twin presence attributes', () => {
  it('reads the agent state, defaulting to idle', () => {
    expect(twinStateOf({ 'lk.agent.state': 'thinking' })).toBe('thinking');
    expect(twinStateOf({ 'lk.agent.state': 'dancing' })).toBe('idle');
    expect(twinStateOf({})).toBe('idle');
  });

  it('accepts only a plain .glb file name for the avatar', () => {
    expect(twinAvatarFile({ 'podium.avatar': 'rocketbox_male_adult_08_facial.glb' })).toBe(
      'rocketbox_male_adult_08_facial.glb',
    );
    for (const bad of [
      '../secret.glb',
      '/etc/passwd',
      'a/b.glb',
      'x.gltf',
      'https://cdn.example/x.glb',
      '',
    ]) {
      expect(twinAvatarFile({ 'podium.avatar': bad })).toBe(DEFAULT_TWIN_AVATAR);
    }
  });

  it('loads the persona’s avatar from this server unless a file is named', () => {
    expect(twinAvatarUrl({ 'podium.persona': 'marisol-quennell' })).toBe(
      '/api/personas/marisol-quennell/avatar.glb',
    );
    expect(
      twinAvatarUrl({
        'podium.persona': 'marisol-quennell',
        'podium.avatar': 'rocketbox_male_adult_08_facial.glb',
      }),
    ).toBe('/assets/avatars/rocketbox_male_adult_08_facial.glb');
    for (const persona of ['../x', 'a/b', '', 'https://evil.example']) {
      expect(twinAvatarUrl({ 'podium.persona': persona })).toBe(`/assets/avatars/${DEFAULT_TWIN_AVATAR}`);
    }
  });

  it('names the leader for the label', () => {
    expect(twinLeaderName('AI twin of Marisol Quennell', {})).toBe('Marisol Quennell');
    expect(twinLeaderName('whatever', { 'podium.leader': 'Dana Ruiz' })).toBe('Dana Ruiz');
    expect(twinLeaderName('', { 'podium.persona': 'dana' })).toBe('dana');
    expect(twinLeaderName('Bad\u0000Name\n', {})).toBe('BadName');
    expect(twinLeaderName('x'.repeat(200), {}).length).toBe(80);
    expect(twinLabel('Marisol Quennell')).toBe('AI twin of Marisol Quennell');
  });
});
