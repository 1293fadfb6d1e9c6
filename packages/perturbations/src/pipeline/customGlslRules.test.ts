import { describe, expect, test } from 'vitest'
import { MAX_CUSTOM_GLSL_LENGTH, checkCustomGlsl } from './customGlslRules'

const check = (source: string) => {
  const error = checkCustomGlsl(source, 'custom-glsl')
  return error && { line: error.line, message: error.message }
}

describe('custom GLSL rules (no snippet can hang the page or leave its function)', () => {
  test('ordinary snippets and bounded loops pass', () => {
    expect(check('color.rgb = (color.rgb - 0.5) * amount + 0.5;')).toBeNull()
    expect(check('for (int i = 0; i < 8; i++) { color.r += 0.01; }')).toBeNull()
    expect(check('for (float x = 1.0; x >= -1.0; x -= 0.25) { color.g *= 0.99; }')).toBeNull()
    // nested: 32 × 32 = 1024, the limit exactly
    expect(check('for (int i = 0; i < 32; ++i) {\n  for (int j = 0; j < 32; j++) { color.b += 0.0; }\n}')).toBeNull()
    // comments may say anything
    expect(check('// while (true) { } #define X }\n/* for (;;) */ color.r = 1.0;')).toBeNull()
  })

  test('loops that never end, or run too often, are refused with the line they are on', () => {
    expect(check('color.r = 0.0;\nfor (;;) { }')).toEqual({ line: 2, message: "Loops must read 'for (int i = 0; i < N; i++) { … }' with number literals (at most 1024 iterations)." })
    expect(check('while (true) { color.r += 0.1; }')).toEqual({ line: 1, message: "'while' loops are not allowed in custom GLSL: use a for loop with constant bounds (at most 1024 iterations)." })
    expect(check('do { } while (false);')).toEqual({ line: 1, message: "'do' loops are not allowed in custom GLSL: use a for loop with constant bounds (at most 1024 iterations)." })
    expect(check('for (int i = 0; i < 10; i--) { }')).toEqual({ line: 1, message: 'This loop runs more than 1024 times per pixel (or never ends); custom GLSL may loop at most 1024 times.' })
    expect(check('for (int i = 0; i < 100000; i++) { }')?.message).toBe('This loop runs more than 1024 times per pixel (or never ends); custom GLSL may loop at most 1024 times.')
    expect(check('for (int i = 0; i < 64; i++) {\n  for (int j = 0; j < 64; j++) { }\n}')).toEqual({ line: 2, message: 'These loops run 4096 times per pixel; custom GLSL may loop at most 1024 times (nested loops multiply).' })
    expect(check('for (int i = 0; i < int(amount); i++) { }')?.line).toBe(1)
    expect(check('for (float x = 0.0; x != 1.0; x += 0.3) { }')?.message).toMatch(/^This loop runs more than 1024 times/)
    expect(check('for (int i = 0; i < 10; i++) color.r += 0.1;')).toEqual({ line: 1, message: "Write the loop's body in braces: for (…) { … }." })
  })

  test('a loop counter changed in its body is refused (it could run forever)', () => {
    expect(check('for (int i = 0; i < 10; i++) {\n  i = 0;\n}')).toEqual({ line: 2, message: "The loop counter 'i' must not be changed inside its loop." })
    expect(check('for (int i = 0; i < 10; i++) { i--; }')?.line).toBe(1)
    expect(check('for (float x = 0.0; x < 4.0; x++) { float f = modf(2.5, x); }')?.message).toBe("The loop counter 'x' must not be changed inside its loop.")
    // after the loop the name is free again
    expect(check('for (int i = 0; i < 4; i++) { }\nint i = 3; i = 5;')).toBeNull()
  })

  test('the snippet cannot close its function, use the preprocessor or grow without bound', () => {
    expect(check('return color;\n}\nvoid main() {')).toEqual({ line: 2, message: "This '}' closes the function your code is the body of: custom GLSL must keep its braces balanced." })
    expect(check('if (amount > 1.0) {\n  color.r = 1.0;')).toEqual({ line: 2, message: "A '{' is never closed: custom GLSL must keep its braces balanced." })
    expect(check('#define LOOP for(;;)\ncolor.r = 1.0;')).toEqual({ line: 1, message: 'Preprocessor directives (#…) are not allowed in custom GLSL.' })
    expect(check(' '.repeat(MAX_CUSTOM_GLSL_LENGTH + 1))?.message).toBe(`Custom GLSL is limited to 16384 characters; this snippet has ${MAX_CUSTOM_GLSL_LENGTH + 1}.`)
  })
})
