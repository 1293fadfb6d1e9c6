import { describe, expect, test } from 'vitest'
import { droppedFiles } from './dropFiles'
import { BATCH_LIMITS } from './images'

type FakeEntry = { isFile: boolean; isDirectory: boolean; name: string; file?: (ok: (f: File) => void) => void; createReader?: () => { readEntries: (ok: (e: FakeEntry[]) => void) => void } }
const fileEntry = (name: string): FakeEntry => ({ isFile: true, isDirectory: false, name, file: (ok) => ok(new File(['x'], name)) })
/** A directory whose reader hands its entries out 2 at a time, as browsers do in chunks. */
const dirEntry = (name: string, children: FakeEntry[]): FakeEntry => ({
  isFile: false,
  isDirectory: true,
  name,
  createReader: () => {
    let at = 0
    return { readEntries: (ok) => ok(children.slice(at, (at += 2))) }
  },
})
const drop = (...entries: FakeEntry[]) => ({ items: entries.map((e) => ({ kind: 'file', webkitGetAsEntry: () => e as never, getAsFile: () => null })) })

describe('dropped folders', () => {
  test('are walked in full, chunk by chunk, each file with its path from the dropped folder', async () => {
    const tree = dirEntry('pets', [dirEntry('dog', [fileEntry('1.png'), fileEntry('2.png'), fileEntry('3.png')]), fileEntry('notes.txt'), dirEntry('cat', [fileEntry('a.jpg')])])
    const files = await droppedFiles(drop(tree, fileEntry('loose.webp')))
    expect(files.map((f) => f.path)).toEqual(['pets/dog/1.png', 'pets/dog/2.png', 'pets/dog/3.png', 'pets/notes.txt', 'pets/cat/a.jpg', 'loose.webp'])
    expect(files[0].file.name).toBe('1.png')
  })

  test('are refused when nested too deep or holding too many files', async () => {
    let deep = fileEntry('x.png')
    for (let i = BATCH_LIMITS.depth; i >= 0; i--) deep = dirEntry(`d${i}`, [deep])
    await expect(droppedFiles(drop(deep))).rejects.toThrow(/^The folder d0 nests deeper than 16 levels \(at d0\/d1\/.*\/d16\): choose the folder of the images\.$/)
    const big = dirEntry('all', Array.from({ length: BATCH_LIMITS.files + 1 }, (_, i) => fileEntry(`${i}.png`)))
    await expect(droppedFiles(drop(big))).rejects.toThrow('The folder all has more than 20,000 entries; a batch reads at most 20,000 files: choose a smaller folder.')
  })

  test('without the entries API, the dropped files themselves', async () => {
    const f = new File(['x'], 'a.png')
    expect(await droppedFiles({ items: [{ kind: 'file', getAsFile: () => f }], files: [f] })).toEqual([{ file: f, path: 'a.png' }])
  })
})
