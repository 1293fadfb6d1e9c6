import { useCallback, useState } from 'react'

/**
 * State that a parent may control: with `value` given the component shows it and reports changes
 * through `onChange`; without it the component keeps its own state, starting at `defaultValue`.
 */
export function useControllableState<T>(value: T | undefined, defaultValue: T, onChange?: (value: T) => void): [T, (value: T) => void] {
  const [own, setOwn] = useState(defaultValue)
  const controlled = value !== undefined
  const set = useCallback(
    (next: T) => {
      if (!controlled) setOwn(next)
      onChange?.(next)
    },
    [controlled, onChange],
  )
  return [controlled ? value : own, set]
}
