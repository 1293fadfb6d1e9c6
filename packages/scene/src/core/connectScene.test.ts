import { describe, expect, test } from 'vitest'
import { createSceneStore } from '../store/sceneStore'
import type { BackgroundSource } from '../params'
import type { MorphableObject } from '../objects/types'
import { connectScene, whenSceneLoaded } from './connectScene'
import { SceneContent } from './SceneContent'
import type { SceneBackground, SceneRenderer } from './SceneRenderer'
import { uploadObject } from './uploads'

/** What a SceneRenderer was told to show (connectScene needs nothing else of it). */
function fakeRenderer() {
  const shown = { object: null as MorphableObject | null, background: null as SceneBackground | null }
  const renderer = {
    setParams: () => {},
    setChain: () => [],
    setObject: (o: MorphableObject) => (shown.object = o),
    setFeatureVisImage: () => {},
    setBackground: (b: SceneBackground) => (shown.background = b),
  } as unknown as SceneRenderer
  return { renderer, shown }
}

/** Content whose backgrounds resolve only when `release()` is called: the background finishes last. */
class SlowBackgrounds extends SceneContent {
  private waiting: (() => void)[] = []
  release() {
    this.waiting.splice(0).forEach((go) => go())
  }
  override async background(source: BackgroundSource): Promise<SceneBackground> {
    await new Promise<void>((go) => this.waiting.push(go))
    return super.background(source)
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0))

describe('load errors', () => {
  test('a link to an object never uploaded: the default object is shown and the message says so, even after the background loads', async () => {
    const { renderer, shown } = fakeRenderer()
    const content = new SlowBackgrounds()
    const store = createSceneStore({ object: { kind: 'user', name: 'chair.obj' }, background: { kind: 'solid', color: '#336699' } })
    connectScene(renderer, store, content)
    await settle()
    content.release()
    await whenSceneLoaded(store)
    const expected = 'The object "chair.obj" could not be loaded (it was not uploaded in this session; upload it again); showing the dog ↔ cat instead.'
    expect(store.getState().loadError).toBe(expected)
    expect(shown.object?.labels).toEqual(['dog', 'cat'])
    expect(shown.background).toEqual({ kind: 'solid', color: '#336699' })
    expect(store.getState().object).toEqual({ kind: 'builtin', id: 'dog-cat' })
    expect(store.getState().loadErrors).toEqual({ object: expected })
  })

  test('each part keeps its error until a load of that part succeeds; loadError says every current one', async () => {
    const { renderer, shown } = fakeRenderer()
    const store = createSceneStore({ background: { kind: 'solid', color: '#336699' } })
    connectScene(renderer, store, new SceneContent())
    await whenSceneLoaded(store)
    expect(store.getState().loadError).toBeNull()

    store.getState().setObject({ kind: 'builtin', id: 'unicorn' })
    await whenSceneLoaded(store)
    const objectError = 'The object "unicorn" could not be loaded (it is not one of the built-in objects (dog-cat, firetruck-racecar, teapot-mug, goldfish-macaw, airliner-sailboat)).'
    expect(store.getState().loadError).toBe(objectError)
    expect(store.getState().object).toEqual({ kind: 'builtin', id: 'dog-cat' }) // back to what is shown

    store.getState().setBackground({ kind: 'image', name: 'beach.jpg' })
    await whenSceneLoaded(store)
    const backgroundError = 'The background "beach.jpg" could not be loaded (it was not uploaded in this session; upload it again).'
    expect(store.getState().loadError).toBe(`${objectError}\n${backgroundError}`)

    store.getState().setBackground({ kind: 'solid', color: '#102030' }) // a background loads: only its error goes
    await whenSceneLoaded(store)
    expect(store.getState().loadError).toBe(objectError)
    expect(shown.background).toEqual({ kind: 'solid', color: '#102030' })

    store.getState().setObject({ kind: 'builtin', id: 'teapot-mug' })
    await whenSceneLoaded(store)
    expect(store.getState().loadError).toBeNull()
    expect(store.getState().loadErrors).toEqual({})
  })

  test('a hostile built-in id or colour is an error with a message, not a crash', async () => {
    const { renderer } = fakeRenderer()
    const store = createSceneStore({ object: { kind: 'builtin', id: '__proto__' }, background: { kind: 'hdri', id: 'toString' as never } })
    connectScene(renderer, store, new SceneContent())
    await whenSceneLoaded(store)
    expect(store.getState().loadError).toBe(
      'The object "__proto__" could not be loaded (it is not one of the built-in objects (dog-cat, firetruck-racecar, teapot-mug, goldfish-macaw, airliner-sailboat)); showing the dog ↔ cat instead.\n' +
        'The background "toString" could not be loaded (it is not one of the built-in backgrounds (park, city, forest, sunset, apartment, lab, venice, sky)); showing a plain grey background instead.',
    )
    expect(store.getState().background).toEqual({ kind: 'solid', color: '#808080' })
    store.getState().restore({ object: null as never }) // e.g. a hand-edited link
    await whenSceneLoaded(store)
    expect(store.getState().loadErrors.object).toBe(
      'The object "null" could not be loaded (it is not an object source (a built-in object, an upload or a feature-visualisation image)).',
    )
    expect(store.getState().object).toEqual({ kind: 'builtin', id: 'dog-cat' })
  })

  test('a failed upload keeps its message when the background finishes later, and changes nothing else', async () => {
    const { renderer } = fakeRenderer()
    const content = new SlowBackgrounds()
    const store = createSceneStore({ background: { kind: 'solid', color: '#336699' } })
    connectScene(renderer, store, content)
    await settle()
    const before = { object: store.getState().object, background: store.getState().background, params: store.getState().params, chain: store.getState().chain }
    expect(await uploadObject(store, content, { mesh: new File(['v 0 0 0\nf 1 2 3\n'], 'bad.obj') })).toBe(false)
    expect(store.getState().loading).toBe('background') // the upload gave `loading` back
    content.release()
    await whenSceneLoaded(store)
    expect(store.getState().loadError).toBe('bad.obj: line 2: face refers to vertex 2 but only 1 vertex is defined')
    expect({ object: store.getState().object, background: store.getState().background, params: store.getState().params, chain: store.getState().chain }).toEqual(before)
    expect([...content.userObjects.keys()]).toEqual([])
  })
})
