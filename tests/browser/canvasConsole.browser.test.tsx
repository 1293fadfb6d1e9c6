import { afterAll, describe, expect, it, vi } from 'vitest'
import { cleanup, render, waitFor } from '@testing-library/react'
import { warn } from 'three'
import { PerturberCanvas, createSceneStore } from '@perturber/scene'

/** A canvas opens without warnings users can do nothing about, and three's other warnings still reach the console. */
describe('PerturberCanvas and the console', () => {
  afterAll(() => cleanup())

  it('no THREE.Clock deprecation per canvas (r3f 9 creates one); other three.js warnings pass through unchanged', async () => {
    const spy = vi.spyOn(console, 'warn')
    let ready = false
    render(<PerturberCanvas store={createSceneStore()} onReady={() => (ready = true)} />)
    await waitFor(() => expect(ready).toBe(true), { timeout: 60_000 })
    expect(spy.mock.calls.filter((args) => String(args[0]).includes('Clock'))).toEqual([])
    warn('Something users should see.', 42)
    expect(spy).toHaveBeenLastCalledWith('THREE.Something users should see.', 42)
    spy.mockRestore()
  })
})
