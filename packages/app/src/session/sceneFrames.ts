import type { FrameInput, InferenceScheduler } from '@perturber/model-runtime'
import type { FramePacer, SceneFrame, SceneRenderer } from '@perturber/scene'
import type { FrameResultStore } from '@perturber/viz'

export interface FramePixelsData {
  frameId: number
  width: number
  height: number
  /** RGBA float in [0, 1], row 0 at the top */
  data: Float32Array
}

/** Where the frames go: inference, while anything is requested. */
export interface FrameSink {
  submit(frame: FrameInput): void
  /** whether any inference is requested at all (no pixels need reading otherwise) */
  active(): boolean
}

/**
 * The scene → inference link: each new frame id goes to the result store (so older results show
 * as stale) and, while anything is requested, its pixels go to the sink. With `asyncReadback` the
 * pixels come back without blocking the page (the GPU renders and copies the frame while the main
 * thread runs the previous inference; a paced scene renders the next frame just then), every
 * frame is read back, and its pixels go to `subscribePixels` listeners: the page shows them
 * instead of the WebGL canvas, whose compositing would wait for the GPU on every frame.
 *
 * Hosts of the scene hand it their renderer's frames: `PerturberCanvas`' `onFrame`/`onReady`, a
 * figure's shared renderer, or a script's own `SceneRenderer`.
 */
export class SceneFrameFeed {
  private current: SceneRenderer | null = null
  private lastFrame: SceneFrame | null = null
  private asyncReadback = false
  private inFlight = 0
  private newestSubmitted = 0
  private readonly readListeners = new Set<() => void>()
  private readonly pixelListeners = new Set<(frame: FramePixelsData) => void>()

  constructor(
    private readonly results: FrameResultStore,
    private readonly sink: FrameSink,
  ) {}

  /** For `PerturberCanvas`' `onFrame`. */
  readonly onFrame = (frame: SceneFrame, renderer: SceneRenderer): void => {
    this.current = renderer
    this.lastFrame = frame
    const { frameId, width, height } = frame
    if (!this.asyncReadback) {
      this.results.getState().setCurrentFrame(frameId)
      if (!this.sink.active()) return
      this.newestSubmitted = frameId
      this.sink.submit({ frameId, width, height, data: renderer.readPixels() })
      return
    }
    this.inFlight++
    const done = () => {
      this.inFlight--
      this.readListeners.forEach((listener) => listener())
    }
    renderer.readPixelsAsync().then(
      (data) => {
        // a newer frame may have been shown meanwhile (several readbacks in flight): it wins
        if (frameId > this.newestSubmitted) {
          this.newestSubmitted = frameId
          const pixels = { frameId, width, height, data }
          // the frame on screen is the one read back: results are compared with it
          this.results.getState().setCurrentFrame(frameId)
          this.pixelListeners.forEach((listener) => listener(pixels))
          if (this.sink.active()) this.sink.submit(pixels)
        }
        done()
      },
      // a lost context or a disposed renderer: the frame is gone, the next one will be read
      done,
    )
  }

  /** For `PerturberCanvas`' `onReady`. */
  readonly onReady = (renderer: SceneRenderer): void => {
    this.current = renderer
  }

  /** The renderer is going away (unmounted): frames stop until another one is ready. */
  detach(renderer: SceneRenderer): void {
    if (this.current !== renderer) return
    this.current = null
    this.lastFrame = null
  }

  /** the scene's renderer once ready (external textures, pixels on demand) */
  renderer(): SceneRenderer | null {
    return this.current
  }

  /** The pixels of the frame on screen, read now (rendered first if the scene changed since). */
  readFrame(): (FramePixelsData & FrameInput) | null {
    const renderer = this.current
    if (!renderer || !this.lastFrame) return null
    const data = renderer.readPixels()
    return { frameId: renderer.frameId, width: renderer.width, height: renderer.height, data }
  }

  /**
   * Switches to asynchronous readback (and the pixels' display), e.g. once the runtime's plan is
   * known: the frame on screen is rendered and read back again, so that it shows.
   */
  setAsyncReadback(on: boolean): void {
    if (on === this.asyncReadback) return
    this.asyncReadback = on
    if (on) this.current?.invalidate()
  }

  /** A frame rendered before inference was wanted (models still loading) is offered when it is. */
  offerCurrent(): void {
    if (!this.sink.active()) return
    const frame = this.readFrame()
    if (frame) this.sink.submit(frame)
  }

  /** whether a frame's pixels are still on their way back from the GPU (asynchronous readback) */
  reading(): boolean {
    return this.inFlight > 0
  }

  /** Calls `listener` when an asynchronous readback has finished; returns an unsubscribe. */
  subscribeRead(listener: () => void): () => void {
    this.readListeners.add(listener)
    return () => void this.readListeners.delete(listener)
  }

  /** With asynchronous readback: calls `listener` with each frame's pixels as they arrive (to display them). */
  subscribePixels(listener: (frame: FramePixelsData) => void): () => void {
    this.pixelListeners.add(listener)
    return () => void this.pixelListeners.delete(listener)
  }

  /**
   * Paces the scene to inference, one frame ahead: the scene may render when no frame waits for
   * the scheduler and none is being read back, i.e. right when an inference starts (its frame is
   * then rendered and read back on the GPU while the CPU infers) and when the scheduler goes idle.
   */
  pacerFor(scheduler: InferenceScheduler): FramePacer {
    return {
      ready: () => !scheduler.waiting && !this.reading(),
      subscribe: (listener) => {
        const unsubscribeScheduler = scheduler.subscribeReady(listener)
        const unsubscribeRead = this.subscribeRead(listener)
        return () => (unsubscribeScheduler(), unsubscribeRead())
      },
    }
  }
}
