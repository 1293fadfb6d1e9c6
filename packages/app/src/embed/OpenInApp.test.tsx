import { describe, expect, it } from 'vitest'
import { render } from '@testing-library/react'
import { defaultAppState } from '../state/appState'
import { OpenInApp } from './OpenInApp'

describe('OpenInApp (issue 12, item 4)', () => {
  it('links to an http(s) or relative app page with the state', () => {
    const { container } = render(<OpenInApp appUrl="../index.html" getState={() => defaultAppState()} />)
    const link = container.querySelector('a')!
    expect(link.getAttribute('href')).toBe('../index.html')
    link.focus()
    expect(link.getAttribute('href')).toMatch(/^\.\.\/index\.html#state=[A-Za-z0-9_-]+$/)
  })

  it('renders no link for a javascript: (or any other scheme) URL, so clicking can run nothing', () => {
    for (const appUrl of ['javascript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
      const { container } = render(<OpenInApp appUrl={appUrl} getState={() => defaultAppState()} />)
      expect(container.querySelector('a')).toBeNull()
      expect(container.innerHTML).toBe('')
    }
  })
})
