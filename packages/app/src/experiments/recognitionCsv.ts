import { csvField, formatFloat32 } from '../sweep/csvText'
import type { RecognitionResult } from './RecognitionRun'

/**
 * A recognition check as one CSV row per image: which view, object (and texture, for a cue
 * conflict), camera, and per model (prefixed by its role) the rank of the object's family in its
 * top five (empty: not there), the texture's, and the top five by name.
 */
export function recognitionToCsv(result: RecognitionResult): string {
  const lines = [
    '# perturber-recognition 1',
    `# objects ${JSON.stringify(result.objects)}`,
    ['view', 'object', 'texture', 'yaw', 'pitch', ...result.models.flatMap((m) => [`${m.role}.rank`, `${m.role}.textureRank`, `${m.role}.top5`])].join(','),
  ]
  for (const image of result.images) {
    const cells = image.answers.flatMap((a) => [a.rank ?? '', a.textureRank ?? '', csvField(a.labels.join(' | '))])
    lines.push([image.view, csvField(image.object), csvField(image.texture ?? ''), formatFloat32(image.yaw), formatFloat32(image.pitch), ...cells].join(','))
  }
  return `${lines.join('\n')}\n`
}

export const recognitionToJson = (result: RecognitionResult): string => `${JSON.stringify(result, null, 1)}\n`

/** Per model, in words: default views recognised (top-1, top-5), the yaw sweep's top-5 rate and the cue conflicts' decisions. */
export function recognitionSummaryText(result: RecognitionResult): string {
  return result.models
    .map((m, i) => {
      const s = result.summary[i]
      const yaw = s.yawViews ? `yaw sweep top-5 ${s.yawTop5}/${s.yawViews} (${((100 * s.yawTop5) / s.yawViews).toFixed(0)} %)` : 'no yaw sweep'
      return `${m.role} ${m.name}: default view top-1 ${s.defaultTop1}/${s.objects}, top-5 ${s.defaultTop5}/${s.objects}; ${yaw}; cue conflicts: shape ${s.shape}, texture ${s.texture}, neither ${s.neither}`
    })
    .join('\n')
}
