#!/usr/bin/env python3
"""
Runs the ImageNet-C reference (the `imagecorruptions` package, ../shared/reference/imagecorruptions-src)
on the fixed 224 px test image and writes what the browser tests compare the GPU corruptions with:
tests/fixtures/imagenet-c/reference-stats.json. Not part of `npm test`; Python stays optional.

    PYTHONPATH=../shared/reference/imagecorruptions-src /usr/bin/python3 tools/imagenet-c/reference_stats.py

Deterministic corruptions are written as their output images (<name>-<severity>.png), compared per
pixel. Stochastic corruptions are compared in distribution: per severity and for two seeds, the mean and
standard deviation of the difference image (corrupted − clean, in [0, 1] units) and its radially
averaged power spectrum, for eight seeds; the spread between the seeds sets the tests' tolerances.
Motion blur draws its angle at random: it is written as its output at a fixed angle (MOTION_ANGLE)
instead, through the reference's own `_motion_blur`, which is all `motion_blur` does once it has
the angle.
"""
import json
import os
import sys

import numpy as np
from PIL import Image
from imagecorruptions import corrupt
from imagecorruptions import corruptions as reference

SIZE = 224
SEEDS = (1, 2, 3, 4, 5, 6, 7, 8)
STOCHASTIC = ('gaussian_noise', 'shot_noise', 'impulse_noise', 'speckle_noise', 'glass_blur', 'snow', 'frost', 'fog', 'spatter', 'elastic_transform')
# deterministic corruptions: their outputs themselves, compared per pixel (PSNR)
DETERMINISTIC = ('brightness', 'contrast', 'saturate', 'pixelate', 'gaussian_blur', 'defocus_blur', 'zoom_blur', 'jpeg_compression', 'motion_blur')
MOTION_ANGLE = 30.0
MOTION_LEVELS = [(10, 3), (15, 5), (15, 8), (15, 12), (20, 15)]
SPECTRUM_BINS = 8


def test_image():
    """The test image, integer-exact so the TypeScript side builds the same bytes (tests/browser/imagenet-c.browser.test.ts)."""
    y, x = np.mgrid[0:SIZE, 0:SIZE]
    r = (x * 255) // (SIZE - 1)
    g = (y * 255) // (SIZE - 1)
    # texture as fine as a pixel, so that blurs and pixelation change it (R and G are smooth ramps)
    b = (x * y) % 256
    return np.stack([r, g, b], axis=-1).astype(np.uint8)


def spectrum(diff):
    """Radially averaged power |F|²/(h·w) of each channel's difference, averaged over channels, in SPECTRUM_BINS rings of frequency radius 0 … √2/2 cycles per pixel."""
    h, w, _ = diff.shape
    fy = np.fft.fftfreq(h)[:, None]
    fx = np.fft.fftfreq(w)[None, :]
    radius = np.sqrt(fx ** 2 + fy ** 2)
    ring = np.minimum((radius / (np.sqrt(2) / 2) * SPECTRUM_BINS).astype(int), SPECTRUM_BINS - 1)
    power = np.mean([np.abs(np.fft.fft2(diff[:, :, c])) ** 2 / (h * w) for c in range(3)], axis=0)
    return [float(power[ring == k].mean()) for k in range(SPECTRUM_BINS)]


def stats(clean, corrupted):
    diff = corrupted.astype(np.float64) / 255 - clean.astype(np.float64) / 255
    return {'mean': float(diff.mean()), 'std': float(diff.std()), 'spectrum': spectrum(diff)}


def deterministic(clean, name, severity):
    if name == 'motion_blur':
        radius, sigma = MOTION_LEVELS[severity - 1]
        return np.uint8(np.clip(reference._motion_blur(clean, radius=radius, sigma=sigma, angle=MOTION_ANGLE), 0, 255))
    return corrupt(clean, severity=severity, corruption_name=name)


def main():
    out = os.path.join(os.path.dirname(__file__), '..', '..', 'tests', 'fixtures', 'imagenet-c', 'reference-stats.json')
    clean = test_image()
    result = {'about': 'written by tools/imagenet-c/reference_stats.py from imagecorruptions (Apache-2.0); see that script', 'size': SIZE, 'seeds': list(SEEDS), 'spectrumBins': SPECTRUM_BINS, 'corruptions': {}}
    for name in STOCHASTIC:
        levels = {}
        for severity in range(1, 6):
            runs = []
            for seed in SEEDS:
                np.random.seed(seed)
                runs.append(stats(clean, corrupt(clean, severity=severity, corruption_name=name)))
            levels[str(severity)] = runs
        result['corruptions'][name] = levels
        print(name, {k: [round(r['std'], 4) for r in v] for k, v in levels.items()}, file=sys.stderr)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    for name in DETERMINISTIC:
        for severity in range(1, 6):
            Image.fromarray(deterministic(clean, name, severity)).save(os.path.join(os.path.dirname(out), f'{name}-{severity}.png'), optimize=True)
    result['deterministic'] = list(DETERMINISTIC)
    result['motionBlurAngle'] = MOTION_ANGLE
    with open(out, 'w') as f:
        json.dump(result, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
