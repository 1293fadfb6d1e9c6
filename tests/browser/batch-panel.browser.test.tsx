import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { userEvent } from '@vitest/browser/context'
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { SceneRenderer } from '@perturber/scene'
import { PerturberSession, loadModelIndex, zooInitialState } from '@perturber/app'
import { BatchPanel } from '@perturber/app/components'
import { zooClasses } from '../../tools/zoo/render/classes'
import { sampleConfig, sampleSeed } from '../../tools/zoo/render/sampleConfig'
import { ZooRenderer } from '../../tools/zoo/render/ZooRenderer'
import { slow } from './support/appDom'
import { createRenderer } from './support/gpu'
import { wasmPaths } from './support/wasm'

/**
 * The batch section as a user drives it on the zoo pair: images picked or a folder dropped are
 * evaluated in the background, the accuracy and agreement tables fill in, skipped files are listed
 * with the reason, a mislabelled image shows among the mistakes and opens larger; a selection with
 * no image is refused with a message, and the tables and the live frame stay as they were.
 */
const ZOO_INDEX = '/models/perturber-zoo/index.json'
const SIZE = 112

/** Test-split images 0, 1, 2 and 4 of the zoo (dog, cat, fire truck, teapot; both models get them right), as PNG files named `name`. */
let pngOf: (index: number, name: string) => File

const panel = () => screen.getByRole('group', { name: 'Batch evaluation' })
const progress = () => within(panel()).getByRole('status', { name: 'Batch progress' }).textContent ?? ''
const cells = (table: string) => within(within(panel()).getByRole('table', { name: table })).getAllByRole('cell').map((c) => c.textContent)

function pickFiles(input: HTMLElement, files: File[]) {
  const transfer = new DataTransfer()
  for (const file of files) transfer.items.add(file)
  ;(input as HTMLInputElement).files = transfer.files
  input.dispatchEvent(new Event('change', { bubbles: true }))
}

/** A dropped folder as the entries API hands it over. */
function folderEntry(name: string, children: object[]): object {
  return { isFile: false, isDirectory: true, name, createReader: () => { let done = false; return { readEntries: (ok: (e: object[]) => void) => ok(done ? [] : ((done = true), children)) } } }
}
const fileEntry = (file: File) => ({ isFile: true, isDirectory: false, name: file.name, file: (ok: (f: File) => void) => ok(file) })

describe('the batch section', () => {
  let session: PerturberSession
  let release: () => void
  let detach: () => void
  let scene: SceneRenderer

  beforeAll(async () => {
    const index = await loadModelIndex(ZOO_INDEX)
    if (!index) throw new Error(`No model zoo at ${ZOO_INDEX}`)
    const renderer = createRenderer()
    const zoo = new ZooRenderer(renderer, SIZE)
    const pngs = new Map<number, Blob>()
    try {
      await zoo.load()
      for (const i of [0, 1, 2, 4]) {
        const rgb = zoo.render(sampleConfig({ seed: sampleSeed(1, 2, i), shape: i % 10, texture: i % 10, stylized: false }))
        const canvas = new OffscreenCanvas(SIZE, SIZE)
        canvas.getContext('2d')!.putImageData(new ImageData(Uint8ClampedArray.from({ length: SIZE * SIZE * 4 }, (_, k) => ((k & 3) === 3 ? 255 : rgb[(k >> 2) * 3 + (k & 3)])), SIZE, SIZE), 0, 0)
        pngs.set(i, await canvas.convertToBlob({ type: 'image/png' }))
      }
    } finally {
      zoo.dispose()
      renderer.dispose()
    }
    pngOf = (i, name) => new File([pngs.get(i)!], name, { type: 'image/png' })
    session = new PerturberSession({ models: index.models, state: zooInitialState(index.models), runtimeOptions: { wasmPaths } })
    release = session.retain()
    scene = new SceneRenderer(createRenderer(), { width: SIZE, height: SIZE })
    detach = session.attachRenderer(scene)
    await session.evaluate()
    render(<BatchPanel session={session} />)
  })
  afterAll(() => {
    cleanup()
    detach?.()
    release?.()
    scene?.dispose()
  })

  it('evaluates picked images labelled by their names, and lists the file that is no image', async () => {
    expect(zooClasses.map((c) => c.name).slice(0, 5)).toEqual(['dog', 'cat', 'fire truck', 'race car', 'teapot'])
    const files = [pngOf(0, 'dog_01.png'), pngOf(1, 'Cat (2).png'), pngOf(2, 'fire-truck-3.png'), pngOf(4, 'teapot.png'), new File(['hello'], 'notes.txt', { type: 'text/plain' })]
    expect(within(panel()).getByLabelText('Choose a folder of images').hasAttribute('webkitdirectory')).toBe(true)
    pickFiles(within(panel()).getByLabelText('Choose images'), files)
    await waitFor(() => expect(within(panel()).getByRole('status', { name: '' }).textContent).toBe('Evaluating 4 images (1 file skipped).'), slow)
    await waitFor(() => expect(progress()).toMatch(/^4 \/ 4 images · [\d.]+ s · done$/), slow)
    expect(cells('Top-1 accuracy (labelled images)')).toEqual(['100.0 %4 / 4', '100.0 %4 / 4'])
    expect(cells('Top-5 accuracy (labelled images)')).toEqual(['100.0 %4 / 4', '100.0 %4 / 4'])
    expect(cells('Agreement (same top-1 class)')).toEqual(['100.0 %4 / 4'])
    const models = ['Model 1: ZooNet standard', 'Model 2: ZooNet adversarial']
    expect(within(panel()).getAllByRole('rowheader').map((h) => h.textContent)).toEqual([...models, ...models, 'Model 1 and Model 2'])
    expect(within(within(panel()).getByRole('list', { name: 'Skipped files' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['notes.txt: not a PNG, JPEG or WebP image'])
    expect(within(panel()).getByText('0 images to look at in')).toBeTruthy()
  })

  it('a dropped folder: labels from folder names; the cat filed under dog is a mistake, shown larger when picked', async () => {
    const tree = folderEntry('mine', [folderEntry('dog', [fileEntry(pngOf(0, 'a.png')), fileEntry(pngOf(1, 'b.png'))]), folderEntry('teapot', [fileEntry(pngOf(4, 'c.png'))])])
    const drop = new DragEvent('drop', { bubbles: true, cancelable: true })
    Object.defineProperty(drop, 'dataTransfer', { value: { items: [{ kind: 'file', webkitGetAsEntry: () => tree, getAsFile: () => null }], files: [] } })
    within(panel()).getByText(/^Drop a folder of images here/).parentElement!.dispatchEvent(drop)
    await waitFor(() => expect(within(panel()).getByRole('status', { name: '' }).textContent).toBe('Evaluating 3 images from mine.'), slow)
    await waitFor(() => expect(progress()).toMatch(/^3 \/ 3 images · [\d.]+ s · done$/), slow)
    expect(cells('Top-1 accuracy (labelled images)')).toEqual(['66.7 %2 / 3', '66.7 %2 / 3'])
    const gallery = within(panel()).getByRole('list', { name: 'Mistaken images' })
    const [mistake] = within(gallery).getAllByRole('button')
    expect(mistake.getAttribute('aria-label')).toBe('mine/dog/b.png: label dog; Model 1: cat; Model 2: cat')
    expect(within(gallery).getByText('dog → cat')).toBeTruthy()
    await userEvent.click(mistake)
    const figure = within(panel()).getByRole('figure', { name: 'mine/dog/b.png, larger' })
    expect(within(figure).getByRole('img', { name: 'mine/dog/b.png as the models saw it in clean' })).toBeTruthy()
    expect(within(figure).getByRole('img', { name: 'mine/dog/b.png as it is' })).toBeTruthy()
    expect(within(figure).getAllByRole('listitem').map((li) => li.textContent)).toEqual([expect.stringMatching(/^Model 1: cat [\d.]+ %, /), expect.stringMatching(/^Model 2: cat [\d.]+ %, /)])
  })

  it('a selection with no image is refused with a message; the tables and the live frame stay as they were', async () => {
    const before = cells('Top-1 accuracy (labelled images)')
    const shown = progress()
    const frame = scene.frameId
    pickFiles(within(panel()).getByLabelText('Choose images'), [new File(['a'], 'notes.txt'), new File(['b'], 'readme.md')])
    await waitFor(() => expect(within(panel()).getByRole('alert').textContent).toBe('The selection has no PNG, JPEG or WebP image (2 other files).'), slow)
    expect(progress()).toBe(shown)
    expect(cells('Top-1 accuracy (labelled images)')).toEqual(before)
    expect(scene.frameId).toBe(frame)
  })

  it("renders views of the scene's object pair, labelled with its ends, and evaluates them; the live frame stays as it was", async () => {
    const frame = scene.frameId
    const count = within(panel()).getByLabelText('Views of each end of the object')
    await userEvent.clear(count)
    await userEvent.type(count, '3')
    await userEvent.click(within(panel()).getByRole('button', { name: 'views of each end of' }))
    await waitFor(() => expect(within(panel()).getByRole('status', { name: '' }).textContent).toBe("Evaluating 6 rendered views of the scene's object (3 of each end, random cameras)."), slow)
    await waitFor(() => expect(progress()).toMatch(/^6 \/ 6 images · [\d.]+ s · done$/), slow)
    // every view is labelled dog or cat (the zoo's classes): a wrong or missing label would leave images unlabelled or mostly wrong
    const top1 = cells('Top-1 accuracy (labelled images)')
    expect(top1).toHaveLength(2)
    for (const cell of top1) expect(cell).toMatch(/^[\d.]+ %[4-6] \/ 6$/)
    for (const name of within(panel()).queryAllByRole('button').map((b) => b.getAttribute('aria-label') ?? '').filter((l) => l.includes('/view-'))) expect(name).toMatch(/^(dog|cat)\/view-00[1-3]: label (dog|cat); /)
    expect(scene.frameId).toBe(frame)
  })

  it('all ten objects: a zoo-like split, each view labelled with its class; the scene shows the user’s object again after', async () => {
    const before = session.scene.getState().object
    const count = within(panel()).getByLabelText('Views of each end of the object')
    await userEvent.clear(count)
    await userEvent.type(count, '2')
    await userEvent.selectOptions(within(panel()).getByLabelText('Objects to render'), 'all')
    await userEvent.click(within(panel()).getByRole('button', { name: 'views of each end of' }))
    await waitFor(() => expect(within(panel()).getByRole('status', { name: '' }).textContent).toBe('Evaluating 20 rendered views of all ten objects (2 of each end, random cameras).'), slow)
    await waitFor(() => expect(progress()).toMatch(/^20 \/ 20 images · [\d.]+ s · done$/), slow)
    // ten classes, two views each: a missing or swapped label would show as unlabelled or mostly wrong
    for (const cell of cells('Top-1 accuracy (labelled images)')) expect(cell).toMatch(/^[\d.]+ %(1[4-9]|20) \/ 20$/)
    await waitFor(() => expect(session.scene.getState().object).toEqual(before), slow)
  })

  it('the ImageNet-C benchmark: chosen corruptions and severities, errors per corruption, CE and mCE; nothing to run is refused', async () => {
    await userEvent.selectOptions(within(panel()).getByLabelText('Perturbation settings'), 'imagenet-c')
    for (const s of ['1', '2', '3', '4', '5']) await userEvent.click(within(panel()).getByRole('checkbox', { name: s }))
    await userEvent.click(within(panel()).getByRole('button', { name: 'views of each end of' }))
    expect(within(panel()).getByRole('alert').textContent).toBe('Choose at least one corruption and one severity.')
    await userEvent.click(within(panel()).getByRole('checkbox', { name: '5' }))
    await userEvent.click(within(panel()).getByText(/^Corruptions \(\d+ of \d+\)$/))
    const list = within(panel()).getByRole('group', { name: 'Corruptions' })
    for (const box of within(list).getAllByRole('checkbox')) if (!/^(Impulse Noise|Contrast)$/.test(box.parentElement!.textContent!.trim())) await userEvent.click(box)
    const count = within(panel()).getByLabelText('Views of each end of the object')
    await userEvent.clear(count)
    await userEvent.type(count, '1')
    await userEvent.selectOptions(within(panel()).getByLabelText('Objects to render'), 'all')
    await userEvent.click(within(panel()).getByRole('button', { name: 'views of each end of' }))
    await waitFor(() => expect(progress()).toMatch(/^10 \/ 10 images · [\d.]+ s · done$/), slow)
    const summary = within(panel()).getByRole('table', { name: 'Mean corruption error' })
    expect(within(summary).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['Model 1: ZooNet standard', 'Model 2: ZooNet adversarial'])
    // Model 1 is the baseline: its CE, and so its mCE, is 100 %
    expect(within(summary).getAllByRole('row')[1].textContent).toMatch(/^Model 1: ZooNet standard[\d.]+ %100\.0 %/)
    const errors = within(panel()).getByRole('table', { name: /^Top-1 error, Model 1/ })
    expect(within(errors).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['Impulse Noise', 'Contrast'])
    expect(within(errors).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Corruption', '5'])
    // 27 % of the values replaced by 0 or 1: the standard model errs more than on the clean views
    const clean = Number(/^([\d.]+) %/.exec(within(summary).getAllByRole('cell')[0].textContent!)![1]) / 100
    const impulse = Number(within(errors).getAllByRole('cell')[0].getAttribute('data-value'))
    expect(impulse).toBeGreaterThan(clean)
    expect(within(panel()).getByRole('button', { name: 'Save CSV' })).toBeTruthy()
  })
})
