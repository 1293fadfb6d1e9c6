import { csvField, formatFloat32 } from '../sweep/csvText'
import { familyPrediction } from './families'
import type { BackgroundDependenceResult } from './BackgroundDependenceRun'

/**
 * A background experiment as one CSV row per image: its condition, object (empty for a background
 * alone), whose background, the camera, and per model (prefixed by its role) the object it picked,
 * whether that is right, and its top-1 class. Comment lines carry the objects and their backgrounds.
 */
export function backgroundDependenceToCsv(result: BackgroundDependenceResult): string {
  const name = (k: number | 'neutral' | null) => (k === null ? '' : k === 'neutral' ? 'neutral' : result.objects[k].name)
  const identity = result.objects.map((_, k) => [k])
  const lines = [
    '# perturber-background-dependence 1',
    `# objects ${JSON.stringify(result.objects)}`,
    `# neutral ${result.neutral}`,
    ['condition', 'object', 'background', 'view', 'yaw', 'pitch', 'distance', ...result.models.flatMap((m) => [`${m.role}.picked`, `${m.role}.correct`, `${m.role}.top1`])].join(','),
  ]
  for (const image of result.images) {
    const view = result.views[image.view]
    const truth = image.object ?? (image.background as number)
    const cells = result.models.flatMap((_, m) => {
      const picked = familyPrediction(image.familyScores[m], identity)
      return [csvField(result.objects[picked].name), String(picked === truth), csvField(image.top1[m])]
    })
    lines.push([image.condition, csvField(name(image.object)), csvField(name(image.background)), String(image.view), formatFloat32(view.yaw), formatFloat32(view.pitch), formatFloat32(view.distance), ...cells].join(','))
  }
  return `${lines.join('\n')}\n`
}

export const backgroundDependenceToJson = (result: BackgroundDependenceResult): string => `${JSON.stringify(result, null, 1)}\n`
