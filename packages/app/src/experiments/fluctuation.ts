/**
 * The yaw fluctuation score of the Perturber thesis §7.3.1 (eqs 7.1–7.2): how far a model's
 * logits for its prototype view's top classes move when the camera orbits the object. Pure
 * arithmetic on logit vectors; rendering the views and running the model is the caller's job.
 */

/** `steps` values evenly from `from` to `to`, the last exactly `to`, as a sweep grid axis steps them. */
function linspace(from: number, to: number, steps: number): number[] {
  // the last step is `to` itself: from + (to − from) can round past it
  return Array.from({ length: steps }, (_, i) => (i === steps - 1 ? to : from + ((to - from) * i) / (steps - 1)))
}

export interface YawFluctuationDesign {
  /** camera yaws in degrees, prototype included */
  readonly yaws: readonly number[]
  /** which of `yaws` is the prototype view */
  readonly prototypeYawIndex: number
  /** camera pitches in degrees */
  readonly pitches: readonly number[]
  /** camera distances in our scene's units */
  readonly distances: readonly number[]
  /** how many of the prototype's top classes the score compares */
  readonly topK: number
}

/**
 * The thesis's design: 7 yaws × 2 pitches × 2 distances = 28 views per object, of which the 4 at
 * yaw −23.3° are the prototypes ("neither overly frontal nor overly from the side"), compared on
 * their top-10 classes. The yaws are a 7-step grid from −70° to 70° (the thesis rounds them to
 * −46.7, −23.3, …), computed exactly as a sweep grid axis computes them so the same views can be
 * rendered by a sweep. The thesis' pitches are 0° and −16.7°; its text does not say which way that
 * tilts. We read it as the usual camera-rotation sign (negative: looking down, from above the
 * object, as the tool's default view does); our pitch is the camera's orbit elevation, so the views
 * are at 0° and +16.7° here. The thesis gives
 * no distances (only a figure with a near and a far camera): 3.2 and 4.0 are our choice, in our
 * scene's camera distance units, either side of its default dolly (3.4).
 */
export const YAW_FLUCTUATION: YawFluctuationDesign = Object.freeze({
  yaws: Object.freeze(linspace(-70, 70, 7)),
  prototypeYawIndex: 2,
  pitches: Object.freeze([0, 16.7]),
  distances: Object.freeze([3.2, 4.0]),
  topK: 10,
})

function checkFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`${what}: logit ${i} is ${values[i]}, not a finite number`)
  }
}

/**
 * Population standard deviation (ddof = 0, numpy's `np.std` default; the thesis does not say
 * which it used): the logit vector is the whole population, not a sample of one. Two
 * passes in float64, so a large common offset in the logits costs no precision.
 */
function populationStd(values: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]
  const mean = sum / values.length
  let squares = 0
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2
  return Math.sqrt(squares / values.length)
}

/**
 * std(l*) of eq 7.2: the population standard deviation (ddof = 0, see above) of a whole logit
 * vector, in float64. 0 for constant logits. Throws a RangeError when it is empty or holds a
 * non-finite value.
 */
export function logitStd(logits: ArrayLike<number>): number {
  if (logits.length === 0) throw new RangeError('logitStd: no logits')
  checkFinite(logits, 'logitStd')
  return populationStd(logits)
}

/**
 * c* of eq 7.1: the indices of the `k` largest logits (all of them when there are fewer), largest
 * first; equal logits in class order, as a stable argsort gives them. Throws a RangeError when k
 * is not a whole number ≥ 1.
 */
export function topClasses(logits: ArrayLike<number>, k: number): number[] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`topK must be a whole number ≥ 1, got ${k}`)
  return Array.from({ length: logits.length }, (_, i) => i)
    .sort((a, b) => logits[b] - logits[a] || a - b)
    .slice(0, k)
}

/**
 * The fluctuation score f_p of one prototype view (thesis eqs 7.1–7.2):
 * c* = the prototype's `topK` highest-logit classes (all of them when it has fewer);
 * for every view y, d_y = l*_{c*} − l^y_{c*}; f_p = Σ_y √(d_y·d_y) / std(l*), std being the
 * population standard deviation of the prototype's whole logit vector. Dividing by it makes
 * models with differently scaled logits comparable. The views may include the prototype itself
 * (its distance is 0). Eq 7.2 sums over the views while the text speaks of averaging: with a fixed
 * number of views the two differ by a constant factor, so we follow the equation.
 *
 * Logits arrive as float32 (e.g. a Float32Array); everything is computed in float64.
 * Throws a RangeError when the vectors are empty or of different lengths, hold a non-finite value,
 * when there are no views, or when the prototype's logits are all equal (std 0: no score exists).
 */
export function fluctuationScore(prototype: ArrayLike<number>, views: readonly ArrayLike<number>[], topK = YAW_FLUCTUATION.topK): number {
  const n = prototype.length
  if (n === 0) throw new RangeError('fluctuationScore: the prototype has no logits')
  if (!Number.isInteger(topK) || topK < 1) throw new RangeError(`fluctuationScore: topK must be a whole number ≥ 1, got ${topK}`)
  if (views.length === 0) throw new RangeError('fluctuationScore: no views to compare with the prototype')
  checkFinite(prototype, 'fluctuationScore: the prototype')
  views.forEach((view, y) => {
    if (view.length !== n) throw new RangeError(`fluctuationScore: view ${y} has ${view.length} logits, the prototype ${n}`)
    checkFinite(view, `fluctuationScore: view ${y}`)
  })
  const std = populationStd(prototype)
  if (std === 0) throw new RangeError('fluctuationScore: the prototype\'s logits are all equal (standard deviation 0), so the score is undefined')
  const top = topClasses(prototype, topK)
  let total = 0
  for (const view of views) {
    let squares = 0
    for (const c of top) squares += (prototype[c] - view[c]) ** 2
    total += Math.sqrt(squares)
  }
  return total / std
}

export interface FluctuationSummary {
  mean: number
  /** population standard deviation (ddof = 0) */
  std: number
  n: number
}

/**
 * Mean and standard deviation of the scores of one object and model, over its prototypes (the
 * thesis's Figure 7.4: bars are means, error bars standard deviations, over 2 pitches × 2
 * distances). The std is the population one (ddof = 0, numpy's default) over the prototypes
 * measured, as for the logits; a single prototype has std 0.
 * Throws a RangeError when there are no scores or one is not finite.
 */
export function fluctuationSummary(scores: readonly number[]): FluctuationSummary {
  if (scores.length === 0) throw new RangeError('fluctuationSummary: no scores to summarise')
  scores.forEach((s, i) => {
    if (!Number.isFinite(s)) throw new RangeError(`fluctuationSummary: score ${i} is ${s}, not a finite number`)
  })
  const mean = scores.reduce((a, s) => a + s, 0) / scores.length
  return { mean, std: populationStd(scores), n: scores.length }
}
