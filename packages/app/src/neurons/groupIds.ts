/**
 * The automatic neuron groups the app computes, beside the top-activating channels (`@top`) and the
 * groups a model ships. Their ids are what a link's `neurons.group` holds.
 */

/** The channels whose mean activation changed most between a pinned reference frame and the current frame. */
export const CHANGED_GROUP = '@changed'

/** The channels most relevant to a class on the current frame (gradient × activation, summed over positions). */
export const RELEVANT_GROUP = '@relevant'
