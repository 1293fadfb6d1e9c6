import type { PerturbationDefinition } from '../../types'

/** The key under which the app binds the attack's perturbation image δ. */
export const ADVERSARIAL_TEXTURE = 'adversarial'

/**
 * The paper's adversarial attack overlay: out = clamp(mix(0.5, c, originalAlpha) + attackAlpha·δ).
 * δ is the PGD perturbation (signed RGB, pixel units in [−1, 1], at the model size) bound with
 * `pipeline.setExternalTexture('adversarial', tex)`. "Attack Alpha" fades the attack, "Original
 * Alpha" fades the image to 50% gray, leaving only the attack vector at 0. Without a bound
 * texture δ = 0, so the defaults are the identity until an attack exists.
 */
export const adversarialOverlay: PerturbationDefinition<'attackAlpha' | 'originalAlpha'> = {
  id: 'adversarial-overlay',
  // not "Adversarial Attack": that is the control section holding it (the attack's settings and this overlay)
  label: 'Attack Overlay',
  group: 'adversarial',
  description: 'Overlays the current adversarial perturbation; fade the attack or the original image.',
  params: [
    { name: 'attackAlpha', label: 'Attack Alpha', min: 0, max: 1, step: 0.01, default: 1 },
    { name: 'originalAlpha', label: 'Original Alpha', min: 0, max: 1, step: 0.01, default: 1 },
  ],
  externalTextures: [ADVERSARIAL_TEXTURE],
  passes: [
    {
      samplers: { tPerturbation: `external:${ADVERSARIAL_TEXTURE}` },
      fragmentShader: /* glsl */ `
        uniform sampler2D tPerturbation;
        uniform bool hasPerturbation;
        uniform float attackAlpha;
        uniform float originalAlpha;
        void main() {
          ivec2 p = imageCoord();
          vec3 c = fetchImage(tInput, p).rgb;
          vec3 delta = vec3(0.0);
          if (hasPerturbation) {
            // exact texels at the model size; filtered resampling only if the attack was made at another size
            delta = textureSize(tPerturbation, 0) == ivec2(uResolution) ? fetchImage(tPerturbation, p).rgb : texture2D(tPerturbation, vUv).rgb;
          }
          gl_FragColor = vec4(clamp(mix(vec3(0.5), c, originalAlpha) + attackAlpha * delta, 0.0, 1.0), 1.0);
        }`,
      uniforms: (p, ctx) => ({
        attackAlpha: p.attackAlpha,
        originalAlpha: p.originalAlpha,
        hasPerturbation: ctx.external(ADVERSARIAL_TEXTURE) !== null,
      }),
    },
  ],
}
