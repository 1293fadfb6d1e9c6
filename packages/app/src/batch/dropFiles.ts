import { BATCH_LIMITS, BatchInputError, type BatchFile } from './images'

/** The parts of the File and Directory Entries API a drop walk uses (`DataTransferItem.webkitGetAsEntry()`). */
interface Entry {
  readonly isFile: boolean
  readonly isDirectory: boolean
  readonly name: string
}
interface FileEntry extends Entry {
  file(success: (file: File) => void, failure?: (error: unknown) => void): void
}
interface DirectoryEntry extends Entry {
  createReader(): { readEntries(success: (entries: Entry[]) => void, failure?: (error: unknown) => void): void }
}

/** What a drop hands over: `DataTransfer` or anything shaped like it (tests). */
export interface DroppedData {
  readonly items?: ArrayLike<{ kind: string; webkitGetAsEntry?(): Entry | null; getAsFile(): File | null }>
  readonly files?: ArrayLike<File>
}

/**
 * The files of a drop, folders walked, each with its path from the dropped item on
 * (`pets/dog/001.jpg`), so folder names can give labels. Bounded: refuses (a
 * {@link BatchInputError} naming the folder) once more than `BATCH_LIMITS.files` files turn up or
 * folders nest deeper than `BATCH_LIMITS.depth`, before reading any file. Where the browser has no
 * entries API, the dropped files themselves.
 */
export async function droppedFiles(data: DroppedData): Promise<BatchFile[]> {
  const items = Array.from(data.items ?? []).filter((item) => item.kind === 'file')
  // entries must be taken synchronously, in the drop event's task: the list empties afterwards
  const entries = items.map((item) => item.webkitGetAsEntry?.() ?? null)
  if (entries.length === 0 || entries.some((e) => e === null)) return Array.from(data.files ?? [], (file) => ({ file, path: file.name }))
  const out: BatchFile[] = []
  for (const entry of entries as Entry[]) await walk(entry, '', 0, out, entry.name)
  return out
}

async function walk(entry: Entry, prefix: string, depth: number, out: BatchFile[], top: string): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name
  if (entry.isFile) {
    if (out.length >= BATCH_LIMITS.files) throw new BatchInputError(`The folder ${top} has more than ${BATCH_LIMITS.files.toLocaleString('en-US')} files; a batch reads at most ${BATCH_LIMITS.files.toLocaleString('en-US')}: choose a smaller folder.`)
    out.push({ file: await fileOf(entry as FileEntry), path })
    return
  }
  if (!entry.isDirectory) return
  if (depth >= BATCH_LIMITS.depth) throw new BatchInputError(`The folder ${top} nests deeper than ${BATCH_LIMITS.depth} levels (at ${path}): choose the folder of the images.`)
  for (const child of await allEntries(entry as DirectoryEntry)) await walk(child, path, depth + 1, out, top)
}

const fileOf = (entry: FileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject))

/** A directory's entries: `readEntries` hands them out in chunks (100 in Chromium) until it returns none. */
async function allEntries(directory: DirectoryEntry): Promise<Entry[]> {
  const reader = directory.createReader()
  const all: Entry[] = []
  for (;;) {
    const chunk = await new Promise<Entry[]>((resolve, reject) => reader.readEntries(resolve, reject))
    if (chunk.length === 0) return all
    all.push(...chunk)
    if (all.length > BATCH_LIMITS.files) throw new BatchInputError(`The folder ${directory.name} has more than ${BATCH_LIMITS.files.toLocaleString('en-US')} entries; a batch reads at most ${BATCH_LIMITS.files.toLocaleString('en-US')} files: choose a smaller folder.`)
  }
}
