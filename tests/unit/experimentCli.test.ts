// @vitest-environment node
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'

/** `npm run experiment` refuses bad arguments before any work starts (no browser is launched), naming them. */
const run = (...args: string[]) => spawnSync(process.execPath, ['tools/experiment.mjs', ...args], { encoding: 'utf8', timeout: 60_000 })
const firstLine = (r: ReturnType<typeof run>) => r.stderr.split('\n')[0]

describe('npm run experiment: arguments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'experiment-cli-'))
  const spec = join(dir, 'spec.json')
  writeFileSync(spec, '{}')

  test.each([
    [['background-noise'], 'experiment: unknown experiment "background-noise" (known: sweep, merge, yaw-fluctuation, background-dependence, recognition, imagenet-c)'],
    [['imagenet-c', '--corruptions', 'fog,hail'], 'experiment: --corruptions: no ImageNet-C corruption named "hail" (known: gaussian_noise, shot_noise, impulse_noise, defocus_blur, glass_blur, motion_blur, zoom_blur, snow, frost, fog, brightness, contrast, elastic_transform, pixelate, jpeg_compression, speckle_noise, gaussian_blur, spatter, saturate)'],
    [['imagenet-c', '--severities', '1,6'], 'experiment: --severities: whole numbers from 1 to 5, got "6"'],
    [['imagenet-c', '--severities', '2.5'], 'experiment: --severities: whole numbers from 1 to 5, got "2.5"'],
    [['imagenet-c', '--views', '0'], 'experiment: --views: views of each object, a whole number from 1 to 200, got "0"'],
    [['imagenet-c', 'photos'], 'experiment: imagenet-c takes no files, got photos'],
    [['recognition', '--severities', '1'], 'experiment: --severities applies to imagenet-c only'],
    [['yaw-fluctuation', 'spec.json'], 'experiment: yaw-fluctuation takes no files, got spec.json'],
    [['yaw-fluctuation', '--objects', 'dog,unicorn'], 'experiment: --objects: no scene object named "unicorn" (known: dog, cat, fire truck, race car, teapot, coffee mug, goldfish, macaw, airliner, sailboat)'],
    [['yaw-fluctuation', '--objects', 'dog,,cat'], 'experiment: --objects: a comma-separated list of object names, got "dog,,cat"'],
    [['sweep', 'spec.json', '--objects', 'dog'], 'experiment: --objects applies to yaw-fluctuation, background-dependence, recognition only'],
    [['sweep', join(dir, 'missing.json')], `experiment: ${join(dir, 'missing.json')}: no such file`],
    [['sweep', dir], `experiment: ${dir}: not a file`],
    [['sweep', spec, '--shard', '3/2'], 'experiment: --shard: expected k/n with 1 ≤ k ≤ n ≤ 10000 (e.g. --shard 2/4), got "3/2"'],
    [['sweep', spec, '--shard', 'half'], 'experiment: --shard: expected k/n with 1 ≤ k ≤ n ≤ 10000 (e.g. --shard 2/4), got "half"'],
    [['sweep', spec, '--models', 'a,,b'], 'experiment: --models: a comma-separated list of model names, got "a,,b"'],
    [['merge', spec, '--shard', '1/2'], 'experiment: --shard applies to sweeps only'],
    [['sweep', spec, '--nope'], "experiment: Unknown option '--nope'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--nope\""],
  ])('%j', (args, message) => {
    const r = run(...args)
    expect(r.status).toBe(2)
    expect(firstLine(r)).toBe(message)
  })

  test('an unknown model is refused before Chromium starts, with the models there are', () => {
    const r = run('yaw-fluctuation', '--models', 'standard,resnet-9000')
    expect(r.status).toBe(2)
    expect(firstLine(r)).toMatch(/^experiment: --models: no model named "resnet-9000"\. Known: standard, adversarial(, [\w.-]+)* \(or an http\(s\) URL of a model\.json\)\.$/)
  })

  test("the script's object list is the app's", async () => {
    const { SCENE_OBJECTS } = await import('../../packages/app/src/experiments/objects')
    const listed = /const SCENE_OBJECT_NAMES = (\[[^\]]*\])/.exec(readFileSync('tools/experiment.mjs', 'utf8'))![1]
    expect(JSON.parse(listed.replaceAll("'", '"'))).toEqual(SCENE_OBJECTS.map((o) => o.name))
  })

  test("the script's ImageNet-C corruptions are the app's", async () => {
    const { IMAGENET_C_CORRUPTIONS } = await import('../../packages/app/src/batch/corruptions')
    const source = readFileSync('tools/experiment.mjs', 'utf8')
    const listed = (name: string) => JSON.parse(new RegExp(`const ${name} = (\\[[^\\]]*\\])`).exec(source)![1].replaceAll("'", '"'))
    expect(listed('IMAGENET_C_NAMES')).toEqual(IMAGENET_C_CORRUPTIONS.map((c) => c.name))
    expect(listed('IMAGENET_C_IDS')).toEqual(IMAGENET_C_CORRUPTIONS.map((c) => c.id))
  })

  test('an output folder that cannot be written', () => {
    // a folder inside a file: ENOTDIR (a read-only folder would not stop root)
    const r = run('sweep', spec, '--out', join(spec, 'out'))
    expect(r.status).toBe(2)
    expect(firstLine(r)).toBe(`experiment: --out ${join(spec, 'out')}: cannot be written (ENOTDIR)`)
  })
})
