import { expect } from 'vitest'
import { userEvent } from '@vitest/browser/context'
import { screen, waitFor, within } from '@testing-library/react'

/**
 * Reading the PerturberApp's DOM in real-browser tests: what the user sees (frame status,
 * prediction rows with their numbers, activation map and scene pixels) and driving its native
 * inputs with real keyboard events (Playwright), as a user would.
 */

export const slow = { timeout: 90_000, interval: 100 }

/** The frame on screen and the frame the shown results belong to. */
export function frameStatus() {
  const status = screen.getByTestId('frame-status')
  const id = (name: string) => (status.getAttribute(name) ? Number(status.getAttribute(name)) : null)
  return { current: id('data-frame-id'), computed: id('data-result-frame-id') }
}

/** Waits until the results on screen belong to the frame on screen (nothing pending). */
export async function settled() {
  await waitFor(() => {
    const { current, computed } = frameStatus()
    expect(current).not.toBeNull()
    expect(computed).toBe(current)
  }, slow)
}

export type Role = 'Model 1' | 'Model 2' | 'Edited Model'

export const predictionsOf = (role: Role) => screen.getByRole('region', { name: new RegExp(`^Predictions of ${role} ·`) })

/** One model's top-5 as shown: "label value" per row, e.g. "cat 12.3". */
export function predictionText(role: Role): string[] {
  const region = screen.queryByRole('region', { name: new RegExp(`^Predictions of ${role} ·`) })
  return region ? within(region).queryAllByRole('listitem').map((row) => (row.textContent ?? '').trim()) : []
}

/** Every activation map's pixels (one string), to tell whether the maps were repainted with other values. */
export function mapPixels(): string {
  return (screen.queryAllByRole('img', { name: /^Activation map/ }) as HTMLCanvasElement[])
    .map((canvas) => Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data).join(','))
    .join('|')
}

/**
 * The scene as displayed, as RGBA bytes: the frame read back for the models (a 2D canvas, where
 * the app paces the scene to inference) or else the WebGL canvas (it keeps its drawing buffer).
 */
export function scenePixels(): Uint8ClampedArray {
  const canvas = (document.querySelector('[data-testid=scene-frame]') ?? document.querySelector('.pa-scene-canvas canvas')) as HTMLCanvasElement
  const copy = document.createElement('canvas')
  copy.width = canvas.width
  copy.height = canvas.height
  const context = copy.getContext('2d')!
  context.drawImage(canvas, 0, 0)
  return context.getImageData(0, 0, copy.width, copy.height).data
}

/** Mean |a − b| over the colour channels of two same-sized RGBA images, in [0, 255]. */
export function meanAbsDiff(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  expect(a.length).toBe(b.length)
  let sum = 0
  for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs(a[i] - b[i])
  return sum / ((a.length / 4) * 3)
}

/**
 * Presses `key` (e.g. "End", "Home", "ArrowRight") on a native input through Playwright's
 * keyboard: real keydown/input/change/keyup events, so "commit on release" sliders commit on keyup.
 */
export async function press(input: HTMLElement, key: string) {
  input.focus()
  expect(document.activeElement).toBe(input)
  await userEvent.keyboard(`{${key}}`)
}

export const slider = (container: HTMLElement, name: string | RegExp) => within(container).getByRole('slider', { name }) as HTMLInputElement
