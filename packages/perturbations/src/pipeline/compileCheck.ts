import { Mesh, OrthographicCamera, PlaneGeometry, Scene, type ShaderMaterial, type WebGLRenderer } from 'three'
import type { PerturbationError } from '../types'

/** three.js' program behind a material, with the link diagnostics it records when shader errors are checked. */
interface ProgramDiagnostics {
  getUniforms(): unknown
  diagnostics?: { runnable: boolean; programLog: string; fragmentShader: { log: string }; vertexShader: { log: string } }
}

const geometry = new PlaneGeometry(2, 2)
const camera = new OrthographicCamera()

/**
 * Compiles and links exactly the program three.js will run for `material` (its prefix, defines
 * and built-in uniforms included), before the material is drawn; returns the compiler's or
 * linker's first error, or null when the program is runnable. Errors go here instead of the
 * console, and a material that fails is never drawn (a black frame would reach the models).
 */
export function programError(renderer: WebGLRenderer, material: ShaderMaterial, perturbationId: string): PerturbationError | null {
  const { debug } = renderer
  const saved = { checkShaderErrors: debug.checkShaderErrors, onShaderError: debug.onShaderError }
  debug.checkShaderErrors = true
  debug.onShaderError = () => {} // reported below, in the user's terms
  const scene = new Scene().add(new Mesh(geometry, material))
  try {
    renderer.compile(scene, camera)
    const program = (renderer.properties.get(material) as { currentProgram?: ProgramDiagnostics }).currentProgram
    if (!program) return null // context lost: nothing to check against
    program.getUniforms() // links and checks the program (three.js does this on first use)
    const diagnostics = program.diagnostics
    if (!diagnostics || diagnostics.runnable) return null
    return parseCompilerLog(diagnostics.fragmentShader.log || diagnostics.programLog || diagnostics.vertexShader.log, perturbationId)
  } finally {
    debug.checkShaderErrors = saved.checkShaderErrors
    debug.onShaderError = saved.onShaderError
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
