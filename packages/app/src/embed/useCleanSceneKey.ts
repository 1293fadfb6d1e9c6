import { useMemo } from 'react'
import { useSceneState, type SceneStore } from '@perturber/scene'
import { ADVERSARIAL_OVERLAY_ID } from '../hooks/useAttack'

/**
 * Changes whenever the clean frame changes: everything in the scene but the adversarial overlay's
 * own settings (fading the attack in must not start it over). `useAttack` takes it.
 */
export function useCleanSceneKey(scene: SceneStore): string {
  const params = useSceneState((s) => s.params, scene)
  const object = useSceneState((s) => s.object, scene)
  const background = useSceneState((s) => s.background, scene)
  const chain = useSceneState((s) => s.chain, scene)
  return useMemo(() => JSON.stringify([params, object, background, chain.filter((s) => s.id !== ADVERSARIAL_OVERLAY_ID)]), [params, object, background, chain])
}
