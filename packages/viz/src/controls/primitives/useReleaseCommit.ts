import { useCallback, useState, type ChangeEvent } from 'react'

/** What a range input needs to report its value only when the user lets go. */
export interface ReleaseCommitHandlers {
  value: number
  onChange(event: ChangeEvent<HTMLInputElement>): void
  onPointerUp(): void
  onKeyUp(): void
  onBlur(): void
}

/**
 * For sliders whose change is expensive (loading a checkpoint, re-mixing weights): while the user
 * drags or holds an arrow key the slider shows a local draft, and `onCommit` fires once, on
 * pointer up, key up or blur (blur catches assistive technology, which changes the value without
 * pointer or key events), and only if the value differs from `value`. With `live` every change
 * commits at once and no draft is kept.
 */
export function useReleaseCommit(value: number, onCommit: (value: number) => void, live = false): ReleaseCommitHandlers {
  const [draft, setDraft] = useState<number | null>(null)
  const commit = useCallback(() => {
    if (draft === null) return
    setDraft(null)
    if (draft !== value) onCommit(draft)
  }, [draft, value, onCommit])
  return {
    value: draft ?? value,
    onChange: (event) => {
      const next = Number(event.target.value)
      if (!Number.isFinite(next)) return
      if (live) onCommit(next)
      else setDraft(next)
    },
    onPointerUp: commit,
    onKeyUp: commit,
    onBlur: commit,
  }
}
