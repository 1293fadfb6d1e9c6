import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useMemo, useState } from 'react'
import { PerturberCanvas } from './PerturberCanvas'
import { createSceneStore } from '../store/sceneStore'
import type { FramePacer, SceneFrame } from '../core/SceneRenderer'

type Args = { paced: boolean; consumerMs: number }

/**
 * A consumer that takes `ms` per frame (standing in for inference), as a `FramePacer`: ready
 * while it holds no frame, signalling when it finishes one.
 */
function slowConsumer(ms: number) {
  let busy = false
  let consumed = 0
  const listeners = new Set<() => void>()
  const pacer: FramePacer = {
    ready: () => !busy,
    subscribe: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
  }
  const take = (_frame: SceneFrame) => {
    if (busy) return
    busy = true
    setTimeout(() => {
      busy = false
      consumed++
      listeners.forEach((listener) => listener())
    }, ms)
  }
  return { pacer, take, consumed: () => consumed }
}

/** The camera turns every animation frame; the counters show how many frames the scene rendered and how many the consumer took. */
function PacingStory({ paced, consumerMs }: Args) {
  const store = useMemo(() => createSceneStore(), [])
  const consumer = useMemo(() => slowConsumer(consumerMs), [consumerMs])
  const [counts, setCounts] = useState({ rendered: 0, consumed: 0 })
  useEffect(() => {
    let frame = 0
    let yaw = 0
    const tick = () => {
      store.getState().setParam('yaw', (yaw = (yaw + 2) % 360) - 180)
      frame = requestAnimationFrame(tick)
    }
    frame = requestAnimationFrame(tick)
    const timer = setInterval(() => setCounts((c) => ({ ...c, consumed: consumer.consumed() })), 250)
    return () => (cancelAnimationFrame(frame), clearInterval(timer))
  }, [store, consumer])
  return (
    <div style={{ fontFamily: 'system-ui', fontSize: 13 }}>
      <PerturberCanvas
        store={store}
        style={{ width: 336 }}
        pacer={paced ? consumer.pacer : null}
        onFrame={(frame) => {
          consumer.take(frame)
          setCounts((c) => ({ ...c, rendered: frame.frameId }))
        }}
      />
      <p>
        frames rendered: {counts.rendered} · frames the consumer took: {counts.consumed}
      </p>
    </div>
  )
}

const meta: Meta<Args> = {
  title: 'Scene/Frame pacing',
  component: PacingStory,
  args: { paced: true, consumerMs: 250 },
  argTypes: {
    paced: { control: 'boolean', description: 'pass the consumer as `pacer`: the scene renders only when it can take a frame' },
    consumerMs: { control: { type: 'range', min: 20, max: 1000, step: 10 }, description: 'how long the consumer takes per frame' },
  },
  parameters: {
    docs: {
      description: {
        component: [
          'While the consumer of the frames is busy (inference, usually), a paced scene holds changes back and renders the newest state as soon as the consumer is ready: no frames nobody analyses, and the display shows the frame being analysed. Unpaced, the scene renders every change (compare the counters).',
          '```tsx',
          "const scheduler = runtime.createScheduler({ onResult })",
          'const pacer = { ready: () => !scheduler.waiting, subscribe: (listener) => scheduler.subscribeReady(listener) }',
          '<PerturberCanvas store={store} pacer={pacer} onFrame={(frame, scene) => scheduler.submit({ frameId: frame.frameId, width: frame.width, height: frame.height, data: scene.readPixels() })} />',
          '```',
        ].join('\n'),
      },
    },
  },
}
export default meta

export const Paced: StoryObj<Args> = {}
export const Unpaced: StoryObj<Args> = { args: { paced: false } }
