/**
 * Channel relevance (gradient × activation): which channels of a layer carry a class's evidence
 * on a frame. `runtime.channelRelevance` is the front door's way (it runs on a gradient backend).
 */
export { channelRelevance } from './channelRelevance'
