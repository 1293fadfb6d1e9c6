import { Color, ShaderMaterial, Vector3, type Texture } from 'three'

/**
 * The foreground object's material. Written as a ShaderMaterial rather than patching
 * MeshPhongMaterial because every term the paper exposes (shape/texture morph, texture blur by
 * mip level, texture influence, lighting influence) needs its own uniform, and a small explicit
 * shader keeps the output deterministic and easy to reason about.
 */
const vertexShader = /* glsl */ `
attribute vec3 positionB;
attribute vec3 normalB;
uniform float shapeMorph;
varying vec2 vUv;
varying vec3 vNormal;
varying vec3 vViewPosition;
void main() {
  vec3 p = mix(position, positionB, shapeMorph);
  vec3 n = normalize(mix(normal, normalB, shapeMorph) + 1e-6);
  vec4 mv = modelViewMatrix * vec4(p, 1.0);
  vUv = uv;
  vNormal = normalize(normalMatrix * n);
  vViewPosition = -mv.xyz;
  gl_Position = projectionMatrix * mv;
}
`

const fragmentShader = /* glsl */ `
uniform sampler2D mapA;
uniform sampler2D mapB;
uniform sampler2D alphaA;
uniform sampler2D alphaB;
uniform float useAlpha;
uniform float textureMorph;
uniform float textureInfluence;
uniform float textureLevel;
uniform float lightingInfluence;
uniform vec3 lightDirections[3];
uniform vec3 lightColors[3];
uniform vec3 ambient;
uniform float shininess;
uniform float specularStrength;
varying vec2 vUv;
varying vec3 vNormal;
varying vec3 vViewPosition;

void main() {
  // Both textures at the same explicit mip level: blur by level, solid colour at the top level.
  vec3 texA = textureLod(mapA, vUv, textureLevel).rgb;
  vec3 texB = textureLod(mapB, vUv, textureLevel).rgb;
  vec3 albedo = mix(vec3(1.0), mix(texA, texB, textureMorph), textureInfluence);
  if (useAlpha > 0.5) {
    float a = mix(textureLod(alphaA, vUv, 0.0).r, textureLod(alphaB, vUv, 0.0).r, textureMorph);
    if (a < 0.5) discard;
  }
  vec3 n = normalize(vNormal);
  if (!gl_FrontFacing) n = -n;
  vec3 v = normalize(vViewPosition);
  vec3 diffuse = ambient;
  vec3 specular = vec3(0.0);
  for (int i = 0; i < 3; i++) {
    vec3 l = lightDirections[i];
    diffuse += lightColors[i] * max(dot(n, l), 0.0);
    vec3 h = normalize(l + v);
    specular += lightColors[i] * pow(max(dot(n, h), 0.0), shininess) * specularStrength;
  }
  vec3 lit = albedo * diffuse + specular;
  // Lighting influence 0: uniform shading with value 1.0 (the paper's silhouette mode).
  gl_FragColor = vec4(mix(albedo, lit, lightingInfluence), 1.0);
}
`

/** Three lights (key, fill, rim); the renderer updates their view-space directions every frame. */
const lights = [
  { dir: new Vector3(-0.5, 0.6, 0.62).normalize(), color: new Color(0.75, 0.73, 0.7) },
  { dir: new Vector3(0.7, 0.1, 0.7).normalize(), color: new Color(0.3, 0.32, 0.36) },
  { dir: new Vector3(0.1, 0.8, -0.6).normalize(), color: new Color(0.35, 0.35, 0.35) },
]

export class MorphMaterial extends ShaderMaterial {
  constructor() {
    super({
      name: 'PerturberMorphMaterial',
      vertexShader,
      fragmentShader,
      uniforms: {
        mapA: { value: null },
        mapB: { value: null },
        alphaA: { value: null },
        alphaB: { value: null },
        useAlpha: { value: 0 },
        shapeMorph: { value: 0 },
        textureMorph: { value: 0 },
        textureInfluence: { value: 1 },
        textureLevel: { value: 0 },
        lightingInfluence: { value: 1 },
        lightDirections: { value: lights.map((l) => l.dir.clone()) },
        lightColors: { value: lights.map((l) => l.color.clone()) },
        ambient: { value: new Color(0.22, 0.22, 0.24) },
        shininess: { value: 32 },
        specularStrength: { value: 0.25 },
      },
    })
  }

  setTextures(a: Texture, b: Texture, alpha?: [Texture | null, Texture | null]): void {
    this.uniforms.mapA.value = a
    this.uniforms.mapB.value = b
    const hasAlpha = Boolean(alpha && (alpha[0] || alpha[1]))
    this.uniforms.useAlpha.value = hasAlpha ? 1 : 0
    this.uniforms.alphaA.value = alpha?.[0] ?? alpha?.[1] ?? null
    this.uniforms.alphaB.value = alpha?.[1] ?? alpha?.[0] ?? null
  }
}
