/**
 * Setup file of the `unit` project (vitest.config.ts): jsdom's Blob (and so File) has no
 * `arrayBuffer()`, which every browser the toolkit supports has and production code calls
 * directly. Under jsdom only, it is added here, reading through jsdom's own FileReader.
 */
if (typeof navigator !== 'undefined' && /jsdom/i.test(navigator.userAgent) && typeof Blob !== 'undefined' && typeof Blob.prototype.arrayBuffer !== 'function') {
  Object.defineProperty(Blob.prototype, 'arrayBuffer', {
    configurable: true,
    writable: true,
    value(this: Blob): Promise<ArrayBuffer> {
      return new Promise((resolve, reject) => {
        const reader = new FileReader()
        reader.onload = () => resolve(reader.result as ArrayBuffer)
        reader.onerror = () => reject(reader.error ?? new Error('could not read the blob'))
        reader.readAsArrayBuffer(this)
      })
    },
  })
}

export {}
