import type { ReactNode } from 'react'
import { ControlStyles } from '../styles'

/** The container and stylesheet the primitives live in inside every widget (`.pz-controls`), for their stories. */
export function StoryFrame({ children, width = 320 }: { children: ReactNode; width?: number }) {
  return (
    <div className="pz-controls" style={{ width }}>
      <ControlStyles />
      {children}
    </div>
  )
}
