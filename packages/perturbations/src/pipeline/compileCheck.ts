import type { PerturbationError } from '../types'
import { commonHeader } from '../glsl/common'

/**
 * What three.js puts in front of a ShaderMaterial's fragment shader on WebGL 2 (the parts that
 * matter for whether user code compiles). Compiling ourselves, before three.js sees the shader,
 * lets us report a structured error and bypass the pass instead of rendering a black frame.
 */
const webgl2Prelude = `#version 300 es
#define varying in
layout(location = 0) out highp vec4 pc_fragColor;
#define gl_FragColor pc_fragColor
#define texture2D texture
`

/** Compiles a pass's fragment shader with the raw WebGL 2 context; returns null when it compiles. */
export function checkFragmentShader(
  gl: WebGL2RenderingContext,
  fragmentShader: string,
  perturbationId: string,
): PerturbationError | null {
  const shader = gl.createShader(gl.FRAGMENT_SHADER)
  if (!shader) return null // context lost: nothing to check against, three.js will report it
  try {
    gl.shaderSource(shader, webgl2Prelude + commonHeader + fragmentShader)
    gl.compileShader(shader)
    if (gl.getShaderParameter(shader, gl.COMPILE_STATUS)) return null
    return parseCompilerLog(gl.getShaderInfoLog(shader) ?? '', perturbationId)
  } finally {
    gl.deleteShader(shader)
  }
}

/** Turns `ERROR: 0:3: 'foo' : undeclared identifier` into { line: 3, message: "'foo' : undeclared identifier" }. */
export function parseCompilerLog(log: string, perturbationId: string): PerturbationError {
  const first = log.split('\n').find((l) => /ERROR/i.test(l)) ?? log.trim()
  const match = /ERROR:\s*\d+:(\d+):\s*(.*)$/i.exec(first)
  return {
    perturbationId,
    message: (match ? match[2] : first).trim() || 'shader failed to compile',
    line: match ? Number(match[1]) : undefined,
    log: log.trim(),
  }
}
