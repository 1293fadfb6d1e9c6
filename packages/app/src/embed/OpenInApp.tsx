import type { AppState } from '../state/appState'
import { isHttpOrRelativeUrl } from '../state/stateText'
import { stateHash } from '../state/urlHash'

export interface OpenInAppProps {
  /** the app's page, e.g. "../index.html": an http(s) or relative URL (`parseAppUrl` checks the attribute) */
  appUrl: string
  getState(): AppState
}

/**
 * "Open in Perturber": the full tool on the figure's current state (its link is made when used).
 * Renders nothing for a URL that is not http(s) or relative (a `javascript:` URL would run).
 */
export function OpenInApp({ appUrl, getState }: OpenInAppProps) {
  if (!isHttpOrRelativeUrl(appUrl)) return null
  const update = (e: { currentTarget: HTMLAnchorElement }) => {
    e.currentTarget.href = `${appUrl.split('#')[0]}${stateHash(getState())}`
  }
  return (
    <a className="pf-open" href={appUrl} target="_blank" rel="noopener" onPointerDown={update} onFocus={update} onClick={update}>
      Open in Perturber ↗
    </a>
  )
}
