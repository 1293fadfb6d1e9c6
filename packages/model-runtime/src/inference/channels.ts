import type { ModelRequest, TopChannelsSpec } from './types'

export function isTopChannelsSpec(channels: ModelRequest['channels']): channels is TopChannelsSpec {
  return typeof channels === 'object' && channels !== null && !Array.isArray(channels) && typeof (channels as TopChannelsSpec).top === 'number'
}

/** Requested channels as plain data, for comparing requests (a top-channels spec names its model by id). */
export function channelsKey(channels: ModelRequest['channels']): unknown {
  return isTopChannelsSpec(channels) ? { top: channels.top, of: channels.of?.id } : channels
}
