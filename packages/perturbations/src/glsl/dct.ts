/**
 * The orthonormal 8-point DCT-II as a GLSL constant table, for 8×8 block transforms (JPEG):
 *   DCT8[k·8 + n] = C(k)/2 · cos((2n + 1)kπ/16),  C(0) = 1/√2, C(k>0) = 1.
 * Forward: F(u,v) = Σ_i Σ_j f(i,j)·dct8(u,i)·dct8(v,j); inverse: the same sum over (u,v).
 * The table is computed here in float64 so the shader does not accumulate float32 cos() error.
 */
function dctTable(): number[] {
  const t: number[] = []
  for (let k = 0; k < 8; k++) {
    for (let n = 0; n < 8; n++) t.push(((k === 0 ? Math.SQRT1_2 : 1) / 2) * Math.cos(((2 * n + 1) * k * Math.PI) / 16))
  }
  return t
}

// GLSL needs a decimal point (or exponent) in float literals: format with one.
const floatLiteral = (v: number) => {
  const s = v.toPrecision(9)
  return /[.e]/.test(s) ? s : `${s}.0`
}

export const dct8Glsl = /* glsl */ `
const float DCT8[64] = float[64](${dctTable().map(floatLiteral).join(', ')});
float dct8(int k, int n) { return DCT8[k * 8 + n]; }
`
