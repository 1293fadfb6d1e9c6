import { describe, expect, test } from 'vitest'
import { jpegQuantTables } from '.'
import { forwardBlock, inverseBlock, jpegRoundTrip, rangeLimit, rgbToYcc, yccToRgb } from './libjpeg'

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g)!, (b) => parseInt(b, 16))

describe('the libjpeg port', () => {
  test("gives Pillow's (libjpeg-turbo's) quality-15 round trip byte for byte, on a size that cuts blocks and chroma pairs", () => {
    // 11×10 RGB written and decoded by Pillow 9.4 (`Image.save(JPEG, quality=15)`, then `Image.open`)
    const input = bytes('180308171513380a156b201479270e8d111aa00202a21a05d91d18d6210fff141e15271c17193753206f661a84663db78e29c9aa29f0ac3922c53e46f01b69ff337c244d153e4f6a3753ac5046e86c3e2c864294b133dfa24408cf5564e048b6ed53ff1c5b1b1f5f774659ea586f567650d0925c34aa58a1bd6f11d2638ced5cfffc7275207b183879ae3d8033566bc97b686e8071ffa2888da77b28c480aada8749ff6ce12288193081ce4b7d904c9e4d719fff7a9bbb96887dc8922dbf99eade93a5ff864d05a21a3aaeff45a8bc4cb0ba6aa99276bb6ba1a246c3b218bea9fdf6bdcef29ad01ec4003abc1832d1234ad60f77cf0d92b62f8dc62bbbbd3acebb23edd02ae9b52c0bcd1626d84a2fee6262dd9268dfb191eccf94e1ffabea19ccda4cd3cb8aeadd9813e2123de66839e4a45ef4fc83ff3a91fba0abe1f2afff41dcfa7feff5c7f0fa21')
    const pillow = bytes('03022a0f0631250e3c4014495e14517611578b0b589d0457c2136ecf106fda0e6f141a3c1f1f4135254c502b576c2b61852a679b2267ac1b66d32c7cde287bea257d243b4d2f405246465e614d697d4e72964b76ac4477bd3d76e44e8def4a8cfb488c295754355c5b4d626567676f8469789c667db3607ec2597aea6c92f5678fff648e236c51307056477761627d6c7d7f74957c77ac7578bd6e74e6828cf17d88f879841d814f298554408c5e5a9169789370909172a68a72b6846de19885eb937ff38e7a1b9950289d573fa46059a96a75ab718daa72a3a36fb49d6be0b281e9ad7befa87418ac5425b15a3cb86257be6b73c0728bbe73a1b96fb2b268dec87de8c277ecbd6f28ce6a38d77354e48276ef9095f498acf196bee98fcee185e8e78af3e383fce07c22d26633da704fe8806ff38d8ff794a7f592b9ed89c9e57fe3eb84eee77cf6e474')
    expect(Array.from(jpegRoundTrip(input, 11, 10, jpegQuantTables(15)))).toEqual(Array.from(pillow))
  })

  test("uses libjpeg's fixed-point colour rounding", () => {
    expect(rgbToYcc(255, 0, 0)).toEqual([76, 85, 255])
    expect(rgbToYcc(128, 128, 128)).toEqual([128, 128, 128])
    expect(yccToRgb(128, 128, 128)).toEqual([128, 128, 128])
  })

  test('a flat block survives the transform; the range limit clamps and wraps like its table', () => {
    const table = jpegQuantTables(50).slice(0, 64)
    expect(Array.from(inverseBlock(forwardBlock(new Array(64).fill(200), table), table))).toEqual(new Array(64).fill(200))
    expect([rangeLimit(-129), rangeLimit(-128), rangeLimit(0), rangeLimit(127), rangeLimit(511), rangeLimit(512)]).toEqual([0, 0, 128, 255, 255, 0])
  })
})
