import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { BackendQueue } from './queue'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('BackendQueue hooks', () => {
  it('calls before and after around every task, with its backend, after even when the task fails', async () => {
    const log: string[] = []
    const queue = new BackendQueue('cpu', { before: (b) => log.push(`before ${b}`), after: (b) => log.push(`after ${b}`) })
    const first = queue.run('cpu', async () => {
      log.push('task 1')
      await new Promise((r) => setTimeout(r, 5))
      log.push('task 1 done')
      return 1
    })
    const second = queue.run('cpu', () => {
      log.push('task 2')
      throw new Error('boom')
    })
    const third = queue.run('cpu', () => (log.push('task 3'), 3))
    expect(await first).toBe(1)
    await expect(second).rejects.toThrow('boom')
    expect(await third).toBe(3)
    expect(log).toEqual(['before cpu', 'task 1', 'task 1 done', 'after cpu', 'before cpu', 'task 2', 'after cpu', 'before cpu', 'task 3', 'after cpu'])
  })
})
