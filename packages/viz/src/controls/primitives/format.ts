/** Decimal places needed to show multiples of `step` exactly (capped at 6). */
export function stepDecimals(step: number): number {
  if (!(step > 0) || Number.isInteger(step)) return 0
  for (let decimals = 1; decimals < 6; decimals++) {
    const scaled = step * 10 ** decimals
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * scaled) return decimals
  }
  return 6
}

export const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value))

/** Removes binary floating-point noise (0.1 + 0.2 → 0.3) without changing meaningful digits. */
export const tidyNumber = (value: number) => Math.round(value * 1e9) / 1e9

/** Formats `value × scale` with as many decimals as `step × scale` needs, plus an optional unit. */
export function formatValue(value: number, step: number, scale = 1, unit = ''): string {
  return `${(value * scale).toFixed(stepDecimals(step * scale))}${unit}`
}

/** A text that is a whole number as typed, not a prefix of one ("", "-", "0.", "1e"). */
export function parseCompleteNumber(text: string): number | undefined {
  const trimmed = text.trim()
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed) || trimmed.endsWith('.')) return undefined
  const value = Number(trimmed)
  return Number.isFinite(value) ? value : undefined
}
