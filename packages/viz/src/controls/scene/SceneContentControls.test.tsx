import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { BUILTIN_OBJECT_IDS, builtinBackgrounds } from '@perturber/scene'
import { SceneContentControls, type SceneContentControlsProps, type SceneContentValue } from './SceneContentControls'
import { sceneFileKind } from './sceneFiles'

afterEach(cleanup)

const start: SceneContentValue = { object: { kind: 'builtin', id: 'dog-cat' }, background: { kind: 'hdri', id: 'park' } }

function setup(props: Partial<SceneContentControlsProps> = {}) {
  const onChange = vi.fn<(value: SceneContentValue) => void>()
  const onUploadObject = vi.fn<(file: File) => void>()
  const onUploadImage = vi.fn<(target: 'background' | 'feature-vis', file: File) => void>()
  render(<SceneContentControls value={start} onChange={onChange} onUploadObject={onUploadObject} onUploadImage={onUploadImage} {...props} />)
  return { onChange, onUploadObject, onUploadImage }
}

const select = (name: string) => screen.getByRole('combobox', { name }) as HTMLSelectElement
const fileInput = (name: string) => screen.getByLabelText(name) as HTMLInputElement
const file = (name: string, type = '') => new File(['x'], name, { type })

describe('SceneContentControls', () => {
  it('offers every built-in object pair and background, showing the current ones', () => {
    setup()
    const objects = within(select('Object')).getAllByRole('option')
    expect(objects.map((o) => (o as HTMLOptionElement).value)).toEqual(BUILTIN_OBJECT_IDS.map((id) => `builtin:${id}`))
    expect(objects.map((o) => o.textContent)).toContain('Fire truck ↔ Race car')
    expect(select('Object').value).toBe('builtin:dog-cat')
    const backgrounds = within(select('Background')).getAllByRole('option').map((o) => o.textContent)
    expect(backgrounds).toEqual([...Object.values(builtinBackgrounds).map((b) => b.label), 'Plain grey'])
    expect(select('Background').value).toBe('hdri:park')
  })

  it('reports a picked pair or background as the scene source, keeping the other part', () => {
    const { onChange } = setup()
    fireEvent.change(select('Object'), { target: { value: 'builtin:teapot-mug' } })
    expect(onChange).toHaveBeenLastCalledWith({ object: { kind: 'builtin', id: 'teapot-mug' }, background: start.background })
    fireEvent.change(select('Background'), { target: { value: 'hdri:sunset' } })
    expect(onChange).toHaveBeenLastCalledWith({ object: start.object, background: { kind: 'hdri', id: 'sunset' } })
    fireEvent.change(select('Background'), { target: { value: 'solid:#808080' } })
    expect(onChange).toHaveBeenLastCalledWith({ object: start.object, background: { kind: 'solid', color: '#808080' } })
    expect(onChange).toHaveBeenCalledTimes(3)
  })

  it('hands each chosen file to its callback; every input accepts its formats only', () => {
    const { onUploadObject, onUploadImage } = setup()
    const object = fileInput('Object from file…')
    expect(object.accept.split(',')).toEqual(['.obj', '.gltf', '.glb'])
    const cube = file('cube.obj')
    fireEvent.change(object, { target: { files: [cube] } })
    expect(onUploadObject).toHaveBeenCalledWith(cube)

    const background = fileInput('Background image from file…')
    const plane = fileInput('Image on the feature-visualization plane…')
    for (const input of [background, plane]) {
      expect(input.accept.split(',')).toEqual(expect.arrayContaining(['.png', '.jpg', '.jpeg', '.webp', 'image/png']))
      expect(input.accept).not.toMatch(/obj|glb|gif|svg/)
    }
    const png = file('sky.png', 'image/png')
    fireEvent.change(background, { target: { files: [png] } })
    expect(onUploadImage).toHaveBeenLastCalledWith('background', png)
    fireEvent.change(plane, { target: { files: [png] } })
    expect(onUploadImage).toHaveBeenLastCalledWith('feature-vis', png)
    // nothing chosen (the dialog cancelled): nothing reported
    fireEvent.change(plane, { target: { files: [] } })
    expect(onUploadImage).toHaveBeenCalledTimes(2)
  })

  it('shows uploads as current values and offers them again; no upload buttons without callbacks', () => {
    const onChange = vi.fn<(value: SceneContentValue) => void>()
    render(
      <SceneContentControls
        value={{ object: { kind: 'user', name: 'cube.obj' }, background: { kind: 'image', name: 'sky.png' } }}
        onChange={onChange}
        uploaded={{ objects: ['cube.obj', 'chair.glb'], images: ['sky.png'] }}
      />,
    )
    expect(select('Object').value).toBe('user:cube.obj')
    expect(select('Background').value).toBe('image:sky.png')
    expect(within(select('Object')).getByRole('group', { name: 'Uploaded objects' }).textContent).toBe('cube.objchair.glb')
    fireEvent.change(select('Object'), { target: { value: 'user:chair.glb' } })
    expect(onChange).toHaveBeenLastCalledWith({ object: { kind: 'user', name: 'chair.glb' }, background: { kind: 'image', name: 'sky.png' } })
    fireEvent.change(select('Object'), { target: { value: 'feature-vis:sky.png' } })
    expect(onChange).toHaveBeenLastCalledWith({ object: { kind: 'feature-vis', label: 'sky.png' }, background: { kind: 'image', name: 'sky.png' } })
    expect(screen.queryByLabelText('Object from file…')).toBeNull()
  })

  it('points to the upload control when the scene names a file this session does not have', () => {
    setup({ missing: { object: 'cube.obj' } })
    const input = fileInput('Object from file…')
    const note = document.getElementById(input.getAttribute('aria-describedby')!)!
    expect(note.textContent).toBe('“cube.obj” is not in this session: upload it again here.')
    expect(fileInput('Background image from file…').getAttribute('aria-describedby')).toBeNull()
  })
})

describe('sceneFileKind', () => {
  it('takes meshes as objects and PNG/JPEG/WebP as images, by extension or type', () => {
    expect(['a.obj', 'B.GLB', 'c.gltf'].map((name) => sceneFileKind({ name }))).toEqual(['object', 'object', 'object'])
    expect(['a.png', 'b.JPG', 'c.jpeg', 'd.webp'].map((name) => sceneFileKind({ name }))).toEqual(['image', 'image', 'image', 'image'])
    expect(sceneFileKind({ name: 'photo', type: 'image/jpeg' })).toBe('image')
    expect(sceneFileKind({ name: 'notes.txt', type: 'text/plain' })).toBeNull()
    expect(sceneFileKind({ name: 'anim.gif', type: 'image/gif' })).toBeNull()
  })
})
