import type { PerturbationError } from '../types'

/** Longest custom GLSL snippet accepted, in characters. */
export const MAX_CUSTOM_GLSL_LENGTH = 16_384

/** Most iterations a snippet's loops may run per pixel (nested loops multiply). */
export const MAX_CUSTOM_LOOP_ITERATIONS = 1024

/**
 * The rules custom GLSL must follow, checked before anything is compiled, so that no snippet can
 * hang the page (a GPU that never finishes a frame freezes the tab) or break out of the function
 * it is the body of:
 * - `for` loops only, in the form `for (int i = A; i < B; i++) { … }` (also `<=`, `>`, `>=`,
 *   `!=`, `--`, `+= C`, `-= C`, float counters) with number literals for A, B and C, at most
 *   {@link MAX_CUSTOM_LOOP_ITERATIONS} iterations per pixel in all (nested loops multiply), and
 *   the counter never assigned in the loop's body (GLSL ES 1.00's Appendix A, which WebGL 1 enforced);
 * - no `while` or `do` loops, no preprocessor directives (`#…`);
 * - braces balanced inside the snippet: it is the body of one function;
 * - at most {@link MAX_CUSTOM_GLSL_LENGTH} characters.
 * Returns the first violation as a {@link PerturbationError} (1-based line in the snippet), or null.
 */
export function checkCustomGlsl(source: string, perturbationId: string): PerturbationError | null {
  const fail = (line: number | undefined, message: string): PerturbationError => ({ perturbationId, message, line, log: line === undefined ? message : `line ${line}: ${message}` })
  if (source.length > MAX_CUSTOM_GLSL_LENGTH) return fail(undefined, `Custom GLSL is limited to ${MAX_CUSTOM_GLSL_LENGTH} characters; this snippet has ${source.length}.`)
  const code = stripComments(source)
  const tokens = tokenize(code)
  let depth = 0
  /** open loops: the brace depth their body is at, their iteration count and counter */
  const loops: { depth: number; iterations: number; counter: string }[] = []
  const loopIterations = () => loops.reduce((product, loop) => product * loop.iterations, 1)
  for (let i = 0; i < tokens.length; i++) {
    const { text, line } = tokens[i]
    if (text === '#') return fail(line, 'Preprocessor directives (#…) are not allowed in custom GLSL.')
    if (text === 'while' || text === 'do') return fail(line, `'${text}' loops are not allowed in custom GLSL: use a for loop with constant bounds (at most ${MAX_CUSTOM_LOOP_ITERATIONS} iterations).`)
    if (text === '{') depth++
    if (text === '}') {
      if (depth === 0) return fail(line, "This '}' closes the function your code is the body of: custom GLSL must keep its braces balanced.")
      depth--
      while (loops.length && loops[loops.length - 1].depth === depth) loops.pop()
    }
    for (const loop of loops) {
      if (text === loop.counter && isAssignedAt(tokens, i)) return fail(line, `The loop counter '${loop.counter}' must not be changed inside its loop.`)
    }
    if (text !== 'for') continue
    const header = forHeader(tokens, i + 1)
    if ('error' in header) return fail(line, header.error)
    if (tokens[header.end + 1]?.text !== '{') return fail(line, "Write the loop's body in braces: for (…) { … }.")
    loops.push({ depth, iterations: header.iterations, counter: header.counter })
    if (loopIterations() > MAX_CUSTOM_LOOP_ITERATIONS) {
      return fail(line, `These loops run ${loopIterations()} times per pixel; custom GLSL may loop at most ${MAX_CUSTOM_LOOP_ITERATIONS} times (nested loops multiply).`)
    }
    i = header.end
  }
  if (depth > 0) return fail(tokens[tokens.length - 1]?.line, "A '{' is never closed: custom GLSL must keep its braces balanced.")
  return null
}

interface Token {
  text: string
  line: number
}

/** Comments become spaces (newlines kept), so that what they say cannot matter and lines still count. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?(\*\/|$)|\/\/[^\n]*/g, (comment) => comment.replace(/[^\n]/g, ' '))
}

function tokenize(code: string): Token[] {
  const tokens: Token[] = []
  let line = 1
  const pattern = /\n|[A-Za-z_]\w*|\d*\.?\d+(?:[eE][+-]?\d+)?[uUfF]?|\+\+|--|[+\-*/]=|[<>!=]=|&&|\|\||[^\s]/g
  for (const match of code.matchAll(pattern)) {
    if (match[0] === '\n') line++
    else tokens.push({ text: match[0], line })
  }
  return tokens
}

const ASSIGNMENTS = new Set(['=', '+=', '-=', '*=', '/=', '++', '--'])

/** Whether the identifier at `i` is written: assigned, incremented, or an `out` argument of a built-in (`modf`). */
function isAssignedAt(tokens: Token[], i: number): boolean {
  const next = tokens[i + 1]?.text
  const previous = tokens[i - 1]?.text
  if (next && ASSIGNMENTS.has(next)) return true
  if (previous === '++' || previous === '--') return true
  // modf(x, i) writes its second argument
  for (let j = i - 1, parens = 0; j >= 0; j--) {
    const text = tokens[j].text
    if (text === ')') parens++
    else if (text === '(') {
      if (parens === 0) return tokens[j - 1]?.text === 'modf'
      parens--
    } else if (text === ';' || text === '{' || text === '}') return false
  }
  return false
}

const number = (text: string | undefined) => (text !== undefined && /^-?\d*\.?\d+(?:[eE][+-]?\d+)?[uUfF]?$/.test(text) ? Number.parseFloat(text) : NaN)

/**
 * Reads `(type i = A; i op B; step)` starting at the `(` and returns the loop's iteration count,
 * its counter and the index of the closing `)`.
 */
function forHeader(tokens: Token[], open: number): { iterations: number; counter: string; end: number } | { error: string } {
  const shape = `Loops must read 'for (int i = 0; i < N; i++) { … }' with number literals (at most ${MAX_CUSTOM_LOOP_ITERATIONS} iterations).`
  let close = open
  for (let parens = 0; close < tokens.length; close++) {
    if (tokens[close].text === '(') parens++
    if (tokens[close].text === ')' && --parens === 0) break
  }
  const t = tokens.slice(open + 1, close).map((token) => token.text)
  if (tokens[open]?.text !== '(' || close >= tokens.length) return { error: shape }
  // a sign before a literal is its own token: fold it in
  for (let k = 0; k < t.length - 1; k++) {
    if (t[k] === '-' && /^[\d.]/.test(t[k + 1]) && !/^[\w)]/.test(t[k - 1] ?? '')) t.splice(k, 2, `-${t[k + 1]}`)
  }
  // [type] i = A ; i op B ; step
  const [type, counter, assign, startText, semi1, counter2, op, endText, semi2, ...step] = t
  if (!['int', 'float', 'uint'].includes(type) || !/^[A-Za-z_]\w*$/.test(counter) || assign !== '=' || semi1 !== ';' || counter2 !== counter || semi2 !== ';') return { error: shape }
  const start = number(startText)
  const end = number(endText)
  let increment = NaN
  if ((step[0] === counter && step[1] === '++') || (step[0] === '++' && step[1] === counter)) increment = step.length === 2 ? 1 : NaN
  else if ((step[0] === counter && step[1] === '--') || (step[0] === '--' && step[1] === counter)) increment = step.length === 2 ? -1 : NaN
  else if (step[0] === counter && (step[1] === '+=' || step[1] === '-=') && step.length === 3) increment = (step[1] === '+=' ? 1 : -1) * number(step[2])
  if (!Number.isFinite(start) || !Number.isFinite(end) || !Number.isFinite(increment) || increment === 0 || !['<', '<=', '>', '>=', '!='].includes(op)) return { error: shape }
  // run the counter as the GPU will (float32 or integer arithmetic), up to one past the limit
  const value = type === 'float' ? Math.fround : Math.trunc
  const holds = { '<': (a: number, b: number) => a < b, '<=': (a: number, b: number) => a <= b, '>': (a: number, b: number) => a > b, '>=': (a: number, b: number) => a >= b, '!=': (a: number, b: number) => a !== b }[op as '<']
  let iterations = 0
  for (let i = value(start), limit = value(end), by = value(increment); holds(i, limit); i = value(i + by)) {
    if (++iterations > MAX_CUSTOM_LOOP_ITERATIONS) return { error: `This loop runs more than ${MAX_CUSTOM_LOOP_ITERATIONS} times per pixel (or never ends); custom GLSL may loop at most ${MAX_CUSTOM_LOOP_ITERATIONS} times.` }
  }
  return { iterations, counter, end: close }
}
