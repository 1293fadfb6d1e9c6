/** Reads a Blob's bytes. Uses FileReader where Blob.arrayBuffer is missing (jsdom). */
export function readBlob(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer()
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result as ArrayBuffer)
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'))
    reader.readAsArrayBuffer(blob)
  })
}

/** The leading `n` bytes only: format sniffing must not read a whole large file. */
export async function readHead(blob: Blob, n: number): Promise<Uint8Array> {
  return new Uint8Array(await readBlob(blob.slice(0, n)))
}
