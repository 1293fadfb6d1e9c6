#!/usr/bin/env python3
"""Unit tests of the precomputed feature visualizations (run: /usr/bin/python3 tools/zoo/test_feature_vis.py).

The parameterisation and transforms are checked against the runtime's formulas written out by hand
(fourier.ts, transforms.ts), the channel targets against the exported model run whole, and the
atlas layout against what featureVisJson.ts reads.
"""
from __future__ import annotations

import io
import math
import os
import sys
import unittest

os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from feature_vis import COLOR, FourierImages, LayerTargets, decode_tiles, default_size, encode_atlas, median, transform_grid  # noqa: E402
from keras_reference import KerasReference  # noqa: E402

ZOO = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'models', 'perturber-zoo')


class Parameterisation(unittest.TestCase):
    def test_fourier_image_is_the_runtimes_inverse_dft(self) -> None:
        # fourier.ts: Re(IDFT2(scale ⊙ spectrum)) / √(hw) / 4, DC and Nyquist columns counted once, others twice
        size = 6
        images = FourierImages(1, size, torch.Generator().manual_seed(3), initial_scale=1.0)
        spectrum = images.spectrum.detach().numpy()[:, 0]  # [2, 3, h, bins]
        bins = size // 2 + 1
        expected = np.zeros((3, size, size))
        for c in range(3):
            for y in range(size):
                for x in range(size):
                    total = 0.0
                    for ky in range(size):
                        fy = (ky if ky <= size / 2 else ky - size) / size
                        for kx in range(bins):
                            scale = 1 / max(math.hypot(fy, kx / size), 1 / size)
                            weight = 1 if kx == 0 or kx == size // 2 else 2
                            angle = 2 * math.pi * (ky * y / size + kx * x / size)
                            re, im = spectrum[0, c, ky, kx] * scale, spectrum[1, c, ky, kx] * scale
                            total += weight * (re * math.cos(angle) - im * math.sin(angle))
                    expected[c, y, x] = total / size / 4
        rgb = 1 / (1 + np.exp(-np.einsum('ij,jhw->ihw', COLOR.numpy(), expected)))
        np.testing.assert_allclose(images.images().detach().numpy()[0], rgb, atol=1e-5)

    def test_colour_matrix_is_lucids_normalised(self) -> None:
        self.assertAlmostEqual(float(torch.linalg.norm(COLOR, dim=0).max()), 1.0, places=6)
        self.assertAlmostEqual(float(COLOR[0, 0]), 0.26 / math.sqrt(0.26 ** 2 + 0.27 ** 2 + 0.27 ** 2), places=6)

    def test_default_size(self) -> None:
        self.assertEqual(default_size((112, 112)), 102)
        self.assertEqual(default_size((224, 224)), 128)


class Centred:
    """A stand-in for numpy's generator: every draw in the middle (jitters ⌊j/2⌋, scale 1, angle 0)."""

    def integers(self, low, high=None, size=None):
        value = (5 if low == 11 else 10) if high is None else (high - 1) // 2  # an index into SCALES / ANGLES, or a jitter
        return np.full(size, value)


class Transforms(unittest.TestCase):
    def test_view_spans_the_padded_image_less_the_crops(self) -> None:
        # 102 px: pad 10, jitters 6 and 3 → the view spans 113 image px over 112 output px; with no shift the
        # output's centre is the image's centre, and the first output pixel sits (113 / 112)·55.5 px left of it
        grid = transform_grid(1, 102, (112, 112), Centred())  # jitters 6 and 3: offsets 3 − 3 and 1 − 1.5
        k = 113 / 112
        shift = -0.5  # the odd jitter's half pixel
        np.testing.assert_allclose(grid[0, 0, 0].numpy(), [(-55.5 * k - shift) * 2 / 102, (-55.5 * k - shift) * 2 / 102], atol=1e-5)
        np.testing.assert_allclose(grid[0, 56, 56].numpy(), [(0.5 * k - shift) * 2 / 102] * 2, atol=1e-5)

    def test_outside_the_image_is_gray(self) -> None:
        image = torch.zeros(1, 3, 102, 102)
        grid = transform_grid(1, 102, (112, 112), Centred())  # the corner reads 55 px from the centre, the image ends at 51
        view = F.grid_sample(image - 0.5, grid, align_corners=False) + 0.5
        self.assertAlmostEqual(float(view[0, :, 0, 0].mean()), 0.5, places=5)  # a corner: the gray border
        self.assertAlmostEqual(float(view[0, :, 56, 56].mean()), 0.0, places=5)


class Targets(unittest.TestCase):
    def test_pre_activations_are_the_layers_channels_before_relu(self) -> None:
        reference = KerasReference(os.path.join(ZOO, 'standard'))
        x = torch.rand(2, 3, 112, 112, generator=torch.Generator().manual_seed(1)) * 2 - 1
        whole = reference.run(x)
        for layer in ('conv2d0', 'mixed3a', 'mixed4c'):
            targets = LayerTargets(reference, layer)
            pre, output = targets.run(x)
            torch.testing.assert_close(output, whole[layer])
            channels = torch.cat([F.relu(pre[conv][:, c:c + 1]) for conv, c in targets.branches], dim=1)
            torch.testing.assert_close(channels, whole[layer])
            # image 0 optimises channel 5, image 1 the last channel: their maps' means before the ReLU
            last = len(targets.branches) - 1
            objectives = targets.objectives(x, [5, last])
            expected = [pre[targets.branches[c][0]][i, targets.branches[c][1]].mean() for i, c in enumerate([5, last])]
            torch.testing.assert_close(objectives, torch.stack(expected))
            # the second run's objective: the same less the layer's mean activation
            torch.testing.assert_close(targets.objectives(x, [5, last], contrast=1.0), torch.stack(expected) - whole[layer].mean(dim=(1, 2, 3)))

    def test_median_of_an_even_count_is_the_mean_of_the_middle_two(self) -> None:
        self.assertEqual(median(torch.tensor([[4.0, 1.0, 3.0, 2.0]])).tolist(), [2.5])
        self.assertEqual(median(torch.tensor([[5.0, 1.0, 3.0]])).tolist(), [3.0])


class Atlas(unittest.TestCase):
    def test_tiles_are_where_the_descriptor_says(self) -> None:
        # 18 tiles of 10 px, 4 a row: cells of 16 px, a 64 × 80 atlas; tile c at (16·(c mod 4), 16·⌊c/4⌋)
        tiles = torch.stack([torch.full((3, 10, 10), c / 17) for c in range(18)])
        data, quality, cell = encode_atlas(tiles, 4, budget=10_000)
        self.assertEqual((cell, quality), (16, 85))
        atlas = np.asarray(Image.open(io.BytesIO(data)).convert('RGB'))
        self.assertEqual(atlas.shape, (80, 64, 3))
        for c in (0, 5, 17):
            self.assertAlmostEqual(atlas[16 * (c // 4) + 5, 16 * (c % 4) + 5].mean() / 255, c / 17, delta=0.02)
        decoded = decode_tiles(data, 18, 10, cell, 4)
        self.assertLess(float((decoded - tiles).abs().max()), 0.02)

    def test_quality_drops_until_the_budget_fits(self) -> None:
        noise = torch.rand(16, 3, 32, 32, generator=torch.Generator().manual_seed(0))
        high, q_high, _ = encode_atlas(noise, 4, budget=100_000)
        budget = int(len(high) * 0.8) // 16
        low, q_low, _ = encode_atlas(noise, 4, budget=budget)
        self.assertEqual(q_high, 85)
        self.assertLess(q_low, q_high)
        self.assertLessEqual(len(low), budget * 16)
        # nothing fits: the lowest quality, over the budget
        self.assertEqual(encode_atlas(noise, 4, budget=10)[1], 50)


if __name__ == '__main__':
    unittest.main()
