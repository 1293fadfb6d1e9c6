import * as tf from '@tensorflow/tfjs'
import { ModelLoadError } from './errors'
import { describe as describeValue, isObject } from './jsonChecks'

/**
 * Structural checks of a parsed model.json before TF.js walks it: TF.js's deserializers recurse
 * (a deeply nested file overflows the stack) and look names up in plain objects (a class named
 * `constructor` finds `Object.prototype.constructor`), so such files must never reach them.
 */

/**
 * Deepest nesting accepted in a model.json: real models are about ten levels deep, nested
 * submodels add a few each; TF.js' recursive deserializers overflow the stack after thousands.
 */
export const MAX_JSON_DEPTH = 64

/** Names every plain object inherits (`constructor`, `__proto__`, `toString`, `hasOwnProperty`, …). */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype))

/** Classes the topology may name (layers, initializers, regularizers, constraints, activations), as TF.js registers them. */
function registeredClasses(): Record<string, unknown> {
  return tf.serialization.SerializationMap.getMap().classNameMap as Record<string, unknown>
}

const isRegistered = (name: string) => Object.prototype.hasOwnProperty.call(registeredClasses(), name)

/** A JSON path as people read it: `modelTopology.config.layers[3].class_name`. */
function pathText(path: readonly (string | number)[], root = ''): string {
  return root + path.map((k, i) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `${i || root ? '.' : ''}${k}` : `[${JSON.stringify(k.slice(0, 40))}]`)).join('')
}

const quoted = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s)

/**
 * Throws `not-a-model` when `json` nests deeper than {@link MAX_JSON_DEPTH}, naming the file and
 * where. Iterative: it never overflows the stack itself.
 */
export function checkDepth(json: unknown, fileName: string, maxDepth = MAX_JSON_DEPTH) {
  interface Entry {
    value: unknown
    depth: number
    parent?: Entry
    key?: string | number
  }
  const stack: Entry[] = [{ value: json, depth: 0 }]
  while (stack.length > 0) {
    const entry = stack.pop()!
    const { value, depth } = entry
    if (typeof value !== 'object' || value === null) continue
    if (depth >= maxDepth) {
      const path: (string | number)[] = []
      for (let e: Entry | undefined = entry; e?.parent; e = e.parent) path.unshift(e.key!)
      throw new ModelLoadError(
        'not-a-model',
        `${fileName} nests values more than ${maxDepth} levels deep (at ${pathText(path.slice(0, 12))}${path.length > 12 ? '…' : ''}); a TF.js model is at most a few dozen levels deep, so the file is damaged or not a model.`,
        fileName,
      )
    }
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) stack.push({ value: value[i], depth: depth + 1, parent: entry, key: i })
    else for (const key of Object.keys(value)) stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, parent: entry, key })
  }
}

/** TF.js's own snake_case → camelCase conversion of config keys and string values. */
function camelCase(identifier: string): string {
  if (identifier.length <= 1 || !identifier.includes('_')) return identifier
  return identifier.replace(/[_]+(\w|$)/g, (_, c: string) => c.toUpperCase())
}

/** Keys whose string value TF.js looks up as an activation function. */
const ACTIVATION_KEYS = new Set(['activation', 'recurrent_activation', 'recurrentActivation'])

/** A value met in a walk, with the way back to the root for messages. */
interface Visit {
  value: unknown
  parent?: Visit
  key?: string | number
}

const pathOf = (visit: Visit, root: string, ...more: (string | number)[]) => {
  const path: (string | number)[] = more
  for (let v: Visit | undefined = visit; v?.parent; v = v.parent) path.unshift(v.key!)
  return pathText(path, root)
}

/**
 * Checks a model's topology before TF.js builds it. Layers models (`keras`): every class it names
 * (layers and the initializers, regularizers and constraints in their configs) is one TF.js
 * registers, checked as an own property, and so is every activation. Both formats: no key or
 * string value is, or becomes after TF.js' camelCase conversion of Keras configs, a name every
 * JavaScript object inherits (`constructor`, `__proto__`, `toString`, …), which TF.js' name lookups
 * would resolve to built-in functions.
 */
export function checkTopology(topology: unknown, format: 'layers' | 'graph', fileName: string) {
  const fail = (message: string) =>
    format === 'layers'
      ? new ModelLoadError('unsupported', `TF.js cannot build the layers model in ${fileName}: ${message}`, fileName)
      : new ModelLoadError('unsupported', `TF.js cannot run the graph in ${fileName}: ${message}`, fileName)
  const reserved = (name: string) => INHERITED.has(name) || (format === 'layers' && INHERITED.has(camelCase(name)))
  /** Model configs met on the way (the model itself, nested submodels), checked once every class name is known good. */
  const models: Visit[] = []
  // a Keras file's modelTopology wraps the model in model_config next to what TF.js never reads (training_config)
  const wrapped = format === 'layers' && isObject(topology) && modelTopologyRoot(topology) !== topology
  const rootName = wrapped ? 'modelTopology.model_config' : 'modelTopology'
  const stack: Visit[] = [{ value: format === 'layers' ? modelTopologyRoot(topology) : topology }]
  while (stack.length > 0) {
    const visit = stack.pop()!
    const { value } = visit
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], parent: visit, key: i })
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    const node = value as Record<string, unknown>
    if (format === 'layers') {
      for (const classKey of ['class_name', 'className']) {
        if (!Object.prototype.hasOwnProperty.call(node, classKey)) continue
        const className = node[classKey]
        const config = isObject(node.config) ? node.config : undefined
        const layerName = typeof config?.name === 'string' ? config.name : typeof node.name === 'string' ? node.name : undefined
        const container = visit.parent?.key
        const isLayer = layerName !== undefined && typeof visit.key === 'number' && (container === 'layers' || container === 'config')
        if (typeof className !== 'string') throw fail(`${pathOf(visit, rootName, classKey)} must be a class name (a string), got ${describe(className)}.`)
        if (!isRegistered(camelCase(className)) || INHERITED.has(camelCase(className))) {
          throw fail(isLayer ? `unknown layer class ${quoted(className)} (layer ${quoted(layerName!)}).` : `unknown class ${quoted(className)} at ${pathOf(visit, rootName, classKey)}.`)
        }
        if (MODEL_CLASSES.has(camelCase(className))) models.push(visit)
      }
    }
    for (const key of Object.keys(node)) {
      const child = node[key]
      if (reserved(key)) throw fail(`${pathOf(visit, rootName)} has a key ${quoted(key)}, a name JavaScript reserves for every object.`)
      if (typeof child === 'string') {
        if (format === 'layers' && ACTIVATION_KEYS.has(key) && (!isRegistered(camelCase(child)) || INHERITED.has(camelCase(child)))) {
          throw fail(`unknown activation ${quoted(child)} at ${pathOf(visit, rootName, key)}.`)
        }
        if (reserved(child)) throw fail(`${pathOf(visit, rootName, key)} is ${quoted(child)}, a name JavaScript reserves for every object; TF.js cannot use it as a name.`)
      } else if (typeof child === 'object' && child !== null) stack.push({ value: child, parent: visit, key })
    }
  }
  if (format === 'graph') return
  const root = modelTopologyRoot(topology)
  const rootClass = isObject(root) ? field(root, 'className') : undefined
  if (typeof rootClass !== 'string' || !MODEL_CLASSES.has(camelCase(rootClass))) {
    throw fail(`modelTopology must describe a model (class Model, Functional or Sequential), but its class is ${describe(rootClass)}.`)
  }
  for (const visit of models) {
    const node = visit.value as Record<string, unknown>
    const where = pathOf(visit, rootName)
    if (camelCase(field(node, 'className') as string) === 'Sequential') checkSequential(field(node, 'config'), where, fail)
    else checkFunctional(field(node, 'config'), where, fail)
  }
}

/** What TF.js builds from a layers modelTopology: its `model_config` when it has one (Keras' full model JSON), else itself. */
function modelTopologyRoot(topology: unknown): unknown {
  return isObject(topology) && topology.model_config != null ? topology.model_config : topology
}

/** Model classes: their configs hold layers. */
const MODEL_CLASSES = new Set(['Model', 'Functional', 'Sequential'])
/** Layer classes whose call can return several tensors (recurrent layers with `return_state`). */
const MULTI_OUTPUT_CLASSES = new Set(['RNN', 'SimpleRNN', 'GRU', 'LSTM', 'ConvLSTM2D', 'Bidirectional'])

/**
 * The value TF.js reads for a Keras config key: it converts every key to camelCase, a later key
 * winning over an earlier one that converts to the same name.
 */
function field(node: Record<string, unknown>, name: string): unknown {
  let value: unknown
  for (const key of Object.keys(node)) if (camelCase(key) === camelCase(name)) value = node[key]
  return value
}

type Fail = (message: string) => ModelLoadError

function checkSequential(config: unknown, where: string, fail: Fail) {
  const layers = Array.isArray(config) ? config : isObject(config) ? field(config, 'layers') : undefined
  if (!Array.isArray(layers) || layers.length === 0) throw fail(`${where}: a Sequential model's config must list its layers, got ${describe(layers ?? config)}.`)
  layers.forEach((layer, i) => {
    if (!isObject(layer) || !isObject(field(layer, 'config')) || typeof field(layer, 'className') !== 'string') {
      throw fail(`${where}: layer ${i} must be an object with a class_name and a config, got ${describe(layer)}.`)
    }
  })
}

/**
 * A functional model's graph, checked the way TF.js will walk it: TF.js applies each layer to its
 * inbound nodes as soon as they exist and loops until every node is applied, so a reference to a
 * missing layer, a node that never exists or a cycle would make it loop forever.
 */
function checkFunctional(config: unknown, where: string, fail: Fail) {
  if (!isObject(config)) throw fail(`${where}: the model's config must be an object, got ${describe(config)}.`)
  const layers = field(config, 'layers')
  if (!Array.isArray(layers) || layers.length === 0) throw fail(`${where}: the model's config.layers must list its layers, got ${describe(layers)}.`)
  interface Entry {
    name: string
    className: string
    /** inbound nodes: each a list of [layer, node index, tensor index] */
    nodes: [string, number, number][][]
    /** tensors one application returns, when it may be more than one */
    outputs: number
  }
  const entries: Entry[] = []
  const byName = new Map<string, Entry>()
  layers.forEach((layer, i) => {
    const at = `${where}: layer ${i}`
    if (!isObject(layer)) throw fail(`${at} must be an object, got ${describe(layer)}.`)
    const name = field(layer, 'name')
    if (typeof name !== 'string' || name === '') throw fail(`${at} has no name.`)
    const className = field(layer, 'className')
    const layerConfig = field(layer, 'config')
    if (typeof className !== 'string' || !isObject(layerConfig)) throw fail(`layer ${quoted(name)} must have a class_name and a config object.`)
    if (field(layerConfig, 'name') !== name) throw fail(`layer ${quoted(name)} is named ${describe(field(layerConfig, 'name'))} in its config; the two names must agree.`)
    if (byName.has(name)) throw fail(`two layers are named ${quoted(name)}.`)
    const inbound = field(layer, 'inboundNodes')
    if (!Array.isArray(inbound)) throw fail(`layer ${quoted(name)} has no inbound_nodes list.`)
    const nodes = inbound.map((node, n) => {
      if (!Array.isArray(node) || node.length === 0) throw fail(`layer ${quoted(name)}: inbound node ${n} must be a non-empty list of inputs, got ${describe(node)}.`)
      return node.map((input, k) => checkReference(input, `layer ${quoted(name)}: input ${k} of inbound node ${n}`, fail, true))
    })
    const cls = camelCase(className)
    if (cls === 'InputLayer' && nodes.length > 0) throw fail(`input layer ${quoted(name)} must have no inbound nodes.`)
    const outputs = MODEL_CLASSES.has(cls) ? Math.max(1, (field(layerConfig, 'outputLayers') as unknown[] | undefined)?.length ?? 1) : MULTI_OUTPUT_CLASSES.has(cls) ? 8 : 1
    const entry = { name, className: cls, nodes, outputs }
    entries.push(entry)
    byName.set(name, entry)
  })
  // apply nodes as TF.js does, until nothing changes: what is left can never be applied
  const applied = new Map(entries.map((e) => [e.name, e.className === 'InputLayer' ? 1 : 0]))
  const pending = new Map(entries.map((e) => [e.name, [...e.nodes]]))
  const ready = (node: [string, number, number][]) => node.every(([source, index]) => (applied.get(source) ?? 0) > index)
  for (let progress = true; progress; ) {
    progress = false
    for (const entry of entries) {
      const waiting = pending.get(entry.name)!
      for (let i = 0; i < waiting.length; ) {
        if (ready(waiting[i])) {
          waiting.splice(i, 1)
          applied.set(entry.name, applied.get(entry.name)! + 1)
          progress = true
        } else i++
      }
    }
  }
  for (const entry of entries) {
    const node = pending.get(entry.name)![0]
    if (!node) continue
    const [source, index] = node.find(([s, k]) => !((applied.get(s) ?? 0) > k))!
    const why = !byName.has(source) ? 'which is not a layer of the model' : index > 0 ? `which is applied only ${applied.get(source)} time(s)` : 'which is never computed (a cycle, or a layer without inputs)'
    throw fail(`layer ${quoted(entry.name)} takes input from ${quoted(source)} (node ${index}), ${why}.`)
  }
  for (const key of ['inputLayers', 'outputLayers']) {
    const refs = field(config, key)
    const label = key === 'inputLayers' ? 'input_layers' : 'output_layers'
    if (!Array.isArray(refs) || refs.length === 0) throw fail(`${where}: the model's config.${label} must list [layer, node, tensor] references, got ${describe(refs)}.`)
    refs.forEach((ref, i) => {
      const [source, index, tensor] = checkReference(ref, `${label}[${i}]`, fail, false)
      if (!byName.has(source)) throw fail(`${label}[${i}] names ${quoted(source)}, which is not a layer of the model.`)
      if (!(applied.get(source)! > index)) throw fail(`${label}[${i}] takes node ${index} of ${quoted(source)}, which is applied only ${applied.get(source)} time(s).`)
      if (tensor >= byName.get(source)!.outputs) throw fail(`${label}[${i}] takes output ${tensor} of ${quoted(source)}, which has only ${byName.get(source)!.outputs}.`)
    })
  }
  for (const entry of entries) {
    for (const node of entry.nodes) {
      for (const [source, , tensor] of node) {
        if (tensor >= byName.get(source)!.outputs) throw fail(`layer ${quoted(entry.name)} takes output ${tensor} of ${quoted(source)}, which has only ${byName.get(source)!.outputs}.`)
      }
    }
  }
}

/** `[layer name, node index, tensor index]`, and in inbound nodes optionally the call's keyword arguments (an object). */
function checkReference(ref: unknown, what: string, fail: Fail, kwargs: boolean): [string, number, number] {
  const length = Array.isArray(ref) ? ref.length : 0
  if (!Array.isArray(ref) || length < 3 || length > (kwargs ? 4 : 3)) throw fail(`${what} must be [layer name, node index, tensor index], got ${describe(ref)}.`)
  const [source, index, tensor, args] = ref as unknown[]
  if (typeof source !== 'string') throw fail(`${what} must start with a layer name, got ${describe(source)}.`)
  for (const [n, label] of [[index, 'node index'], [tensor, 'tensor index']] as const) {
    if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > 1e6) throw fail(`${what} has ${label} ${describe(n)}; it must be a small integer ≥ 0.`)
  }
  if (args !== undefined && args !== null) {
    const ok = isObject(args) && Object.entries(args).every(([k, v]) => (k === 'training' && typeof v === 'boolean') || (k === 'mask' && v === null))
    if (!ok) throw fail(`${what} passes call arguments ${describe(args)} that TF.js layers do not take.`)
  }
  return [source, index as number, tensor as number]
}

/** Throws when a weight or node name in model.json is one JavaScript reserves (TF.js keeps them in plain objects). */
export function checkName(name: string, what: string, fileName: string) {
  if (INHERITED.has(name)) {
    throw new ModelLoadError('not-a-model', `${fileName}: ${what} is named ${quoted(name)}, a name JavaScript reserves for every object; TF.js cannot use it.`, fileName)
  }
}

/** A short description of a JSON value for messages (never walks nested structures). */
export const describe = (value: unknown) => describeValue(value, 60)

/** A Keras config as TF.js reads it: keys and string values in camelCase (TF.js' `convertPythonicToTs`). */
function toTs(value: unknown, key?: string): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value
  if (typeof value === 'string') return camelCase(value)
  if (Array.isArray(value)) {
    const names = key === 'inboundNodes' || key === 'outputLayers' || key === 'inputLayers'
    return value.map((item, i) => (names && i === 0 && typeof item === 'string' ? item : toTs(item, key)))
  }
  if (typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (k === 'name' && typeof v === 'string') out[k] = v
    else out[camelCase(k)] = toTs(v, camelCase(k))
  }
  return out
}

/**
 * The first layer of a layers model's topology that TF.js cannot even construct from its config
 * (a value of the wrong type), to name it when TF.js fails with a JavaScript error instead of
 * saying which layer. Constructing a layer allocates nothing; undefined when every layer constructs.
 * Call only on a topology {@link checkTopology} accepted.
 */
export function findUnconstructibleLayer(topology: unknown): { name: string; className: string } | undefined {
  const classes = registeredClasses() as Record<string, [unknown, (cls: unknown, config: unknown, custom: object, fast: boolean) => unknown]>
  const visit = (model: unknown): { name: string; className: string } | undefined => {
    if (!isObject(model)) return undefined
    const config = field(model, 'config')
    const layers = Array.isArray(config) ? config : isObject(config) ? field(config, 'layers') : undefined
    if (!Array.isArray(layers)) return undefined
    for (const layer of layers) {
      if (!isObject(layer)) continue
      const className = camelCase(String(field(layer, 'className')))
      const layerConfig = field(layer, 'config')
      const name = isObject(layerConfig) && typeof field(layerConfig, 'name') === 'string' ? (field(layerConfig, 'name') as string) : String(field(layer, 'name'))
      if (MODEL_CLASSES.has(className)) {
        const inner = visit(layer)
        if (inner) return inner
        continue
      }
      if (!Object.prototype.hasOwnProperty.call(classes, className)) return { name, className }
      try {
        const [cls, fromConfig] = classes[className]
        fromConfig(cls, toTs(layerConfig), {}, false)
      } catch {
        return { name, className }
      }
    }
    return undefined
  }
  return visit(modelTopologyRoot(topology))
}
