import type { CSSProperties } from 'react'
import { isStaleFrame } from '../hooks/frameResultStore'

export interface StaleFrameBadgeProps {
  /** The frame the shown numbers belong to. */
  frameId?: number | null
  /** The frame on screen. */
  currentFrameId?: number | null
  className?: string
  style?: CSSProperties
}

/**
 * "frame 12 · showing frame 9": says that what is shown was computed for an older frame than the
 * one on screen (inference lagging behind the scene). Renders nothing when they agree.
 */
export function StaleFrameBadge({ frameId, currentFrameId, className, style }: StaleFrameBadgeProps) {
  if (!isStaleFrame(frameId, currentFrameId)) return null
  return (
    <span
      role="status"
      className={className}
      title="These numbers belong to an older frame; the model has not caught up yet."
      style={{ display: 'inline-block', padding: '0 6px', borderRadius: 9, background: '#fff3cd', color: '#7a4d00', border: '1px solid #e6c36a', font: '11px/1.6 system-ui, sans-serif', whiteSpace: 'nowrap', ...style }}
    >
      frame {currentFrameId} · showing frame {frameId}
    </span>
  )
}
