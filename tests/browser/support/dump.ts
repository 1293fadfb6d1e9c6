import type { ImageF32 } from '../../reference'

/** Logs an image as a base64 PNG line `DUMP <name> <base64>` (debugging aid for headless runs). */
export async function dumpImage(name: string, img: ImageF32): Promise<void> {
  const canvas = new OffscreenCanvas(img.width, img.height)
  const ctx = canvas.getContext('2d')!
  const data = new ImageData(img.width, img.height)
  for (let i = 0; i < img.data.length; i++) data.data[i] = Math.round(Math.min(1, Math.max(0, img.data[i])) * 255)
  for (let i = 3; i < data.data.length; i += 4) data.data[i] = 255
  ctx.putImageData(data, 0, 0)
  const blob = await canvas.convertToBlob({ type: 'image/png' })
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  console.log(`DUMP ${name} ${btoa(s)}`)
}
