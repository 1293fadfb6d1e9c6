/** The leading `n` bytes only: format sniffing must not read a whole large file. */
export async function readHead(blob: Blob, n: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(0, n).arrayBuffer())
}
