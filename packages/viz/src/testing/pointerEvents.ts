/**
 * jsdom has no PointerEvent, so testing-library's `fireEvent.pointerMove` would dispatch a bare
 * Event without coordinates. A MouseEvent subclass carries clientX/clientY, which is all the
 * widgets read.
 */
export function installPointerEvent(): void {
  if (typeof window.PointerEvent === 'function') return
  class PointerEventPolyfill extends MouseEvent {
    readonly pointerId: number
    readonly pointerType: string
    constructor(type: string, init: PointerEventInit = {}) {
      super(type, init)
      this.pointerId = init.pointerId ?? 1
      this.pointerType = init.pointerType ?? 'mouse'
    }
  }
  window.PointerEvent = PointerEventPolyfill as unknown as typeof PointerEvent
}
