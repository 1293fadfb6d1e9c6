import { useId, useMemo, useState, type KeyboardEvent } from 'react'

export interface SelectOption {
  id: string
  label: string
}

export interface SearchableSelectProps {
  /** accessible name of the text box */
  label: string
  options: readonly SelectOption[]
  /** id of the selected option */
  value: string
  onChange(id: string): void
  /** options listed first whatever the query (e.g. "untargeted") */
  pinned?: readonly SelectOption[]
  /** at most this many matches are listed (default 50); typing narrows the rest */
  maxResults?: number
  placeholder?: string
  disabled?: boolean
  id?: string
}

/**
 * Every option whose label contains all of the query's words (case-insensitive, any order):
 * "tabby cat" finds "tabby, tabby cat", "281" finds "281: tabby, tabby cat". Options where the
 * words are whole words come first, then where they start a word, then the rest (so "cat" lists
 * "tiger cat" before "bullfrog, Rana catesbeiana"); otherwise the options keep their order.
 */
export function filterOptions(options: readonly SelectOption[], query: string): SelectOption[] {
  const words = query.toLowerCase().split(/[\s,]+/).filter(Boolean)
  if (words.length === 0) return [...options]
  const scored: { option: SelectOption; score: number }[] = []
  for (const option of options) {
    const labelWords = option.label.toLowerCase().split(/[^\p{L}\p{N}]+/u)
    const label = option.label.toLowerCase()
    let score = 0
    for (const word of words) {
      if (!label.includes(word)) {
        score = -1
        break
      }
      score += labelWords.includes(word) ? 0 : labelWords.some((w) => w.startsWith(word)) ? 1 : 2
    }
    if (score >= 0) scored.push({ option, score })
  }
  // Array.prototype.sort is stable: equal scores keep the options' order
  return scored.sort((a, b) => a.score - b.score).map((s) => s.option)
}

/**
 * A text box that filters a long list (e.g. 1000 class names), after the WAI-ARIA combobox
 * pattern: role combobox + listbox, arrow keys move the active option, Enter picks it, Escape
 * closes. A native `<select>` cannot be searched and `<input list>` neither filters the same way
 * in every browser nor maps a picked text back to an id reliably. The query is transient: on
 * blur the box shows the selected option again.
 */
export function SearchableSelect(props: SearchableSelectProps) {
  const { label, options, value, onChange, pinned = [], maxResults = 50, placeholder, disabled } = props
  const baseId = useId()
  const inputId = props.id ?? `${baseId}-input`
  const listId = `${baseId}-list`
  const [query, setQuery] = useState<string | null>(null)
  const [active, setActive] = useState(0)
  const open = query !== null

  const selected = useMemo(() => [...pinned, ...options].find((o) => o.id === value), [pinned, options, value])
  const matches = useMemo(() => filterOptions(options, query ?? ''), [options, query])
  const listed = useMemo(() => [...pinned, ...matches.slice(0, maxResults)], [pinned, matches, maxResults])
  const hidden = matches.length - Math.min(matches.length, maxResults)
  const optionId = (index: number) => `${baseId}-option-${index}`

  const pick = (option: SelectOption | undefined) => {
    setQuery(null)
    if (option && option.id !== value) onChange(option.id)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      if (!open) return startSearch('')
      const delta = event.key === 'ArrowDown' ? 1 : -1
      setActive((i) => Math.min(listed.length - 1, Math.max(0, i + delta)))
    } else if (event.key === 'Enter' && open) {
      event.preventDefault()
      pick(listed[active])
    } else if (event.key === 'Escape' && open) {
      event.preventDefault()
      setQuery(null)
    }
  }
  const startSearch = (text: string) => {
    setQuery(text)
    if (text === '') {
      // the full list opens at the selection
      const unfiltered = [...pinned, ...options.slice(0, maxResults)]
      setActive(Math.max(0, unfiltered.findIndex((o) => o.id === value)))
    } else {
      // a query makes its best (first) match active, past the pinned options
      setActive(filterOptions(options, text).length > 0 ? pinned.length : 0)
    }
  }

  return (
    <div className="pz-combobox">
      <input
        id={inputId}
        type="text"
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && listed[active] ? optionId(active) : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        disabled={disabled}
        value={query ?? selected?.label ?? ''}
        onFocus={(event) => event.currentTarget.select()}
        onClick={() => !open && startSearch('')}
        onChange={(event) => startSearch(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => setQuery(null)}
      />
      {open && (
        <div className="pz-listbox">
          <ul id={listId} role="listbox" aria-label={`${label} options`}>
            {listed.map((option, index) => (
              <li
                key={option.id}
                id={optionId(index)}
                role="option"
                aria-selected={option.id === value}
                data-active={index === active}
                // mousedown, not click: it lands before the input's blur closes the list
                onMouseDown={(event) => {
                  event.preventDefault()
                  pick(option)
                }}
                onMouseEnter={() => setActive(index)}
              >
                {option.label}
              </li>
            ))}
          </ul>
          {matches.length === 0 && <p className="pz-hint">No match for “{query}”.</p>}
          {hidden > 0 && <p className="pz-hint">{hidden} more; keep typing to narrow.</p>}
        </div>
      )}
    </div>
  )
}
