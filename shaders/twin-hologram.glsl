// Podium · twin hologram (AI disclosure), GLSL ES 1.0/3.0 fragment code.
//
// Layered on top of the twin's own PBR shading (Babylon material plugin, see
// client/twin/hologram-plugin.ts): a cool fresnel rim that outlines the figure from any seat, faint
// scanlines and a slow shimmer band drifting up the body, so the twin never reads as a person.
// `hologramReveal` is the world height below which the figure is drawn: it sweeps up when the twin
// appears and down when it leaves, with a bright edge at the sweep line.

vec3 podiumHologram(vec3 color, vec3 normalW, vec3 viewW, vec3 posW, float timeS, float intensity, vec3 tint,
                    float revealY) {
  float ndv = clamp(abs(dot(normalize(normalW), normalize(viewW))), 0.0, 1.0);
  float rim = pow(1.0 - ndv, 2.6);
  // Fine horizontal scanlines (about 2 cm apart), crawling upward.
  float scan = smoothstep(0.8, 1.0, 0.5 + 0.5 * sin(posW.y * 300.0 - timeS * 4.0));
  // One soft band of brighter shimmer travelling up the body every ~8 s.
  float band = 1.0 - smoothstep(0.0, 0.06, abs(fract(posW.y * 0.3 - timeS * 0.12) - 0.5));
  vec3 cool = mix(color, color * (0.8 + 0.4 * tint), 0.3 * intensity);
  vec3 glow = tint * (rim * 0.85 + scan * 0.06 + band * 0.18) * intensity;
  float edge = 1.0 - smoothstep(0.0, 0.04, revealY - posW.y);
  return cool + glow + tint * edge * 1.4;
}
