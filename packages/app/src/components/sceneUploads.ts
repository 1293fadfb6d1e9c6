import { useEffect, useState } from 'react'
import { SceneContent, type SceneState, type SceneStore } from '@perturber/scene'

/** One store of uploads per scene store: uploads survive the column re-mounting (e.g. after an error). */
const contents = new WeakMap<SceneStore, SceneContent>()
export function contentOf(scene: SceneStore): SceneContent {
  let content = contents.get(scene)
  if (!content) contents.set(scene, (content = new SceneContent()))
  return content
}

export function uploadsOf(content: SceneContent) {
  return { objects: [...content.userObjects.keys()], images: [...content.images.keys()] }
}

export interface WantedUploads {
  object?: string
  featureVis?: string
  background?: string
}

/**
 * The uploaded files the scene last asked for that this session does not have (a link names
 * `{ kind: 'user', name }`): the scene's load then fails and puts the store back, so the names
 * are kept here, for pointing the user to the upload control, until that part loads.
 */
export function useWantedUploads(scene: SceneStore, content: SceneContent): WantedUploads {
  const [wanted, setWanted] = useState<WantedUploads>(() => wantedOf(scene.getState(), content, {}))
  useEffect(() => {
    setWanted((w) => wantedOf(scene.getState(), content, w))
    return scene.subscribe((s, prev) => {
      // a part that loads (an upload, another pick) no longer wants its file
      const loaded = { object: !s.loadErrors.object && !!prev.loadErrors.object, background: !s.loadErrors.background && !!prev.loadErrors.background }
      if (loaded.object || loaded.background) setWanted((w) => ({ ...w, ...(loaded.object ? { object: undefined, featureVis: undefined } : {}), ...(loaded.background ? { background: undefined } : {}) }))
      if (s.object !== prev.object || s.background !== prev.background) setWanted((w) => wantedOf(s, content, w))
    })
  }, [scene, content])
  return wanted
}

function wantedOf(s: SceneState, content: SceneContent, previous: WantedUploads): WantedUploads {
  const next = { ...previous }
  const { object, background } = s
  if (object?.kind === 'user' && !content.userObjects.has(object.name)) Object.assign(next, { object: object.name, featureVis: undefined })
  else if (object?.kind === 'feature-vis' && !content.images.has(object.label)) Object.assign(next, { object: undefined, featureVis: object.label })
  if (background?.kind === 'image' && !content.images.has(background.name)) next.background = background.name
  const same = next.object === previous.object && next.featureVis === previous.featureVis && next.background === previous.background
  return same ? previous : next
}
