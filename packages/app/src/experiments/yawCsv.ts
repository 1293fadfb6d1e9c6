import { csvField, formatFloat32 } from '../sweep/csvText'
import type { YawFluctuationResult } from './YawFluctuationRun'

/**
 * A yaw fluctuation result as one CSV row per prototype and model: the camera, the score, whether
 * the prototype's top class is in the object's family, and each yaw's normalised distance
 * ‖d_y‖ / std(l*) (the score is their sum). Comment lines carry the design and background.
 */
export function yawFluctuationToCsv(result: YawFluctuationResult): string {
  const { design } = result
  // yaws to 0.1° in the heads, as the thesis writes them (the design line has them exactly)
  const yawColumns = design.yaws.map((y) => `d[${Number(y.toFixed(1))}]`)
  const lines = [
    '# perturber-yaw-fluctuation 1',
    `# design ${JSON.stringify(design)}`,
    `# background ${JSON.stringify(result.background)}`,
    ['object', 'model', 'role', 'pitch', 'distance', 'score', 'recognised', 'top1', ...yawColumns].join(','),
  ]
  for (const p of result.prototypes) {
    const model = result.models[p.model]
    const prototype = p.logits[design.prototypeYawIndex]
    const distances = p.logits.map((l) => Math.hypot(...l.map((v, k) => prototype[k] - v)) / p.logitStd)
    lines.push(
      [csvField(p.object), csvField(model.name), model.role, formatFloat32(p.pitch), formatFloat32(p.distance), p.score.toPrecision(9), p.recognised === null ? '' : String(p.recognised), csvField(p.labels[0] ?? ''), ...distances.map((d) => d.toPrecision(9))].join(','),
    )
  }
  return `${lines.join('\n')}\n`
}

export const yawFluctuationToJson = (result: YawFluctuationResult): string => `${JSON.stringify(result, null, 1)}\n`
