import { describe, expect, test } from 'vitest'
import { fftRadices, fftStages } from './fft'

function primeFactors(n: number): number[] {
  const factors: number[] = []
  for (let d = 2; n > 1; d++) {
    while (n % d === 0) {
      factors.push(d)
      n /= d
    }
  }
  return factors
}

describe('FFT plan', () => {
  test('factors a length into few passes of small radices', () => {
    expect(fftRadices(224)).toEqual([8, 7, 4])
    expect(fftRadices(96)).toEqual([6, 4, 4])
    expect(fftRadices(112)).toEqual([7, 4, 4])
    expect(fftRadices(128)).toEqual([8, 4, 4])
    expect(fftRadices(512)).toEqual([8, 8, 8])
    // large prime factors stay whole; a prime length is one direct-DFT stage, length 1 an identity stage
    expect(fftRadices(299)).toEqual([23, 13])
    expect(fftRadices(454)).toEqual([227, 2])
    expect(fftRadices(227)).toEqual([227])
    expect(fftRadices(1)).toEqual([1])
    expect(() => fftRadices(0)).toThrow(/positive integer/)
    expect(() => fftRadices(2.5)).toThrow(/positive integer/)
  })

  test('every length up to 1024 is covered exactly, by radices of at most 16 or primes', () => {
    const isPrime = (n: number) => n > 1 && Array.from({ length: Math.floor(Math.sqrt(n)) - 1 }, (_, i) => i + 2).every((d) => n % d !== 0)
    for (let n = 2; n <= 1024; n++) {
      const radices = fftRadices(n)
      expect(radices.reduce((a, b) => a * b, 1)).toBe(n)
      for (const r of radices) expect(r <= 16 || isPrime(r), `${n}: radix ${r}`).toBe(true)
      // never worse than plain radix-2/prime factorisation under the same cost (4 per pass + taps)
      const cost = (rs: number[]) => rs.reduce((a, r) => a + r + 4, 0)
      expect(cost(radices)).toBeLessThanOrEqual(cost(primeFactors(n)))
    }
  })

  test('stage strides are the products of the earlier radices on the axis', () => {
    expect(fftStages(224, 1, 1)).toEqual([
      { axis: 1, radix: 8, stride: 1, sign: 1 },
      { axis: 1, radix: 7, stride: 8, sign: 1 },
      { axis: 1, radix: 4, stride: 56, sign: 1 },
    ])
  })
})
