import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach, vi } from 'vitest'

/** What a fake 2D context recorded: the last painted pixels and how often it painted. */
export interface FakeContext2D {
  canvas: HTMLCanvasElement
  createImageData: ReturnType<typeof vi.fn>
  putImageData: ReturnType<typeof vi.fn>
  clearRect: ReturnType<typeof vi.fn>
  /** The canvas' pixels after the last putImageData (a copy). */
  painted: Uint8ClampedArray | null
}

/**
 * jsdom has no canvas 2D context: this installs a recording stand-in for `getContext('2d')` (one
 * per canvas) so component tests can check what a component painted, and returns a lookup.
 * Real pixels are checked in the browser test.
 */
export function installFakeCanvas(): { contextOf(canvas: HTMLCanvasElement): FakeContext2D | undefined; restore(): void } {
  const contexts = new WeakMap<HTMLCanvasElement, FakeContext2D>()
  const spy = vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement, kind: string) {
    if (kind !== '2d') return null
    let context = contexts.get(this)
    if (!context) {
      const created: FakeContext2D = {
        canvas: this,
        createImageData: vi.fn((width: number, height: number) => ({ width, height, data: new Uint8ClampedArray(width * height * 4), colorSpace: 'srgb' })),
        putImageData: vi.fn((image: ImageData) => {
          created.painted = new Uint8ClampedArray(image.data)
        }),
        clearRect: vi.fn(() => {
          created.painted = null
        }),
        painted: null,
      }
      context = created
      contexts.set(this, context)
    }
    return context as unknown as CanvasRenderingContext2D
  } as typeof HTMLCanvasElement.prototype.getContext)
  return { contextOf: (canvas) => contexts.get(canvas), restore: () => spy.mockRestore() }
}

/**
 * The hooks a canvas component test file shares: a fresh fake canvas before each test, and after
 * it the rendered tree unmounted (testing-library's `cleanup`) and the real `getContext` back.
 * Call once at the top of the file; the returned lookup reads the current test's fake canvas.
 */
export function setupFakeCanvas(): { contextOf(canvas: HTMLCanvasElement): FakeContext2D | undefined } {
  let installed: ReturnType<typeof installFakeCanvas> | undefined
  beforeEach(() => {
    installed = installFakeCanvas()
  })
  afterEach(() => {
    cleanup()
    installed?.restore()
  })
  return { contextOf: (canvas) => installed?.contextOf(canvas) }
}

/** Channel-major maps for tests: `values[c]` is channel `channels[c]`'s map, row-major. */
export function testMaps(channels: number[], height: number, width: number, values: number[][], layerStd: number, layerChannels = 16) {
  return {
    layer: 'mixed4a',
    shape: [height, width, layerChannels] as const,
    channels,
    data: Float32Array.from(values.flat()),
    layerMean: 0,
    layerStd,
  }
}
