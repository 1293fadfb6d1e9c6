/**
 * CPU helpers for the built-ins' reference implementations (`builtins/<name>/reference.ts`) and
 * the tests. Only those import this folder: the package's entry point never reaches it.
 */
export * from './image'
export * from './types'
export * from './color'
export * from './blur'
export * from './noise'
