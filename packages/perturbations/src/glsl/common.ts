/**
 * Prepended to every perturbation pass. Coordinates: `vUv` has y pointing up (GL convention);
 * `imageCoord()` gives the pixel position with row 0 at the top (image convention), which is
 * how the CPU references and the model runtime index pixels.
 */
export const commonHeader = /* glsl */ `
precision highp float;
precision highp int;
varying vec2 vUv;
uniform vec2 uResolution;
uniform sampler2D tInput;

const vec3 LUMA = vec3(0.2126, 0.7152, 0.0722);
float luma(vec3 rgb) { return dot(rgb, LUMA); }

// Sam Hocevar's branchless RGB<->HSV; the CPU references use the same formulas.
vec3 rgb2hsv(vec3 c) {
  vec4 K = vec4(0.0, -1.0 / 3.0, 2.0 / 3.0, -1.0);
  vec4 p = mix(vec4(c.bg, K.wz), vec4(c.gb, K.xy), step(c.b, c.g));
  vec4 q = mix(vec4(p.xyw, c.r), vec4(c.r, p.yzx), step(p.x, c.r));
  float d = q.x - min(q.w, q.y);
  float e = 1.0e-10;
  return vec3(abs(q.z + (q.w - q.y) / (6.0 * d + e)), d / (q.x + e), q.x);
}
vec3 hsv2rgb(vec3 c) {
  vec4 K = vec4(1.0, 2.0 / 3.0, 1.0 / 3.0, 3.0);
  vec3 p = abs(fract(c.xxx + K.xyz) * 6.0 - K.www);
  return c.z * mix(K.xxx, clamp(p - K.xxx, 0.0, 1.0), c.y);
}
vec3 shiftHue(vec3 rgb, float turns) {
  vec3 hsv = rgb2hsv(rgb);
  hsv.x = fract(hsv.x + turns + 1.0);
  return hsv2rgb(hsv);
}

// Integer hash (pcg3d, Jarzynski & Olano 2020): exact in GLSL ES 3.0 and in JS, so noise is reproducible on the CPU.
uvec3 pcg3d(uvec3 v) {
  v = v * 1664525u + 1013904223u;
  v.x += v.y * v.z; v.y += v.z * v.x; v.z += v.x * v.y;
  v ^= v >> 16u;
  v.x += v.y * v.z; v.y += v.z * v.x; v.z += v.x * v.y;
  return v;
}
// Three uniforms in [0,1) for pixel (x, y) and a seed.
vec3 hash3(ivec2 pixel, float seed) {
  return vec3(pcg3d(uvec3(uvec2(pixel), uint(seed)))) * (1.0 / 4294967296.0);
}
// Standard normal via Box-Muller, from two hash uniforms.
float gaussian(ivec2 pixel, float seed, int channel) {
  vec3 h = hash3(pixel, seed * 3.0 + float(channel));
  return sqrt(-2.0 * log(max(h.x, 1.0e-7))) * cos(6.283185307179586 * h.y);
}

ivec2 imageCoord() { return ivec2(int(gl_FragCoord.x), int(uResolution.y) - 1 - int(gl_FragCoord.y)); }
vec4 fetchImage(sampler2D tex, ivec2 imagePixel) {
  ivec2 size = textureSize(tex, 0);
  ivec2 p = clamp(imagePixel, ivec2(0), size - 1);
  return texelFetch(tex, ivec2(p.x, size.y - 1 - p.y), 0);
}
`

export const fullscreenVertexShader = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}
`
