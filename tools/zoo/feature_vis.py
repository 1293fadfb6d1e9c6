#!/usr/bin/env python3
"""Precomputed feature visualizations: one image per channel of every block output, as JPEG atlases.

    feature_vis.py --out models/perturber-zoo [--models standard,adversarial/ckpt-5,stylized/ckpt-5]
                   [--layers conv2d0,…,mixed4c] [--steps 128] [--threads 2] [--quality 80]

The optimisation is the browser runtime's (packages/model-runtime/src/featurevis), batched: every
channel of a layer is one image of the batch, optimised for its own channel. Same parameterisation
(Lucid's Fourier basis with 1/f scaling, /4, its colour decorrelation, sigmoid), image side
(`defaultFeatureVisSize`: 102 px for 112 px models), transformation robustness (Lucid's
standard_transforms scaled to the side: pad, two jitters, scale, rotation, one affine warp on a
0.5-gray border), objective (the channel's mean before its ReLU, via the branch's convolution,
as `channelTarget` does), Adam at 0.05, and the model exactly as the browser loads it (model.json
with float16 weights, through keras_reference.py). Only the random draws differ (numpy, not
TF.js), so an image here and one made in the app look alike without being the same pixels.

Each layer's images go into `featurevis/<layer>.jpg` in the model's folder: `--columns` tiles a row
in channel order, each in a cell of its side rounded up to 16 px (JPEG blocks never mix channels),
at the highest JPEG quality that keeps `--tile-bytes` per tile. Every decoded tile is fed back to
the model untransformed (resized to the input as the runtime does); a channel whose image does not
raise it above the layer's median channel gets a second run of twice the steps from another start on
its mean less the layer's mean activation (an image that drives the whole layer is no image of the
channel), and is listed in `notRaised` if that fails too. The descriptor gets `featureVisualizations` =
{source, parameterization, size, cell, layers: {layer: {atlas, columns, channels, notRaised}}}
(read by packages/model-runtime/src/load/featureVisJson.ts). The optimised images are kept in
`--cache` before JPEG, so a rerun with another budget only re-encodes and re-checks.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
import time

# Before torch loads OpenMP: on a shared 2-core machine spinning idle threads made 2-thread training 5× slower than 1 thread.
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from embed_descriptor import embed_descriptor  # noqa: E402
from keras_reference import KerasReference  # noqa: E402
from metrics import ALIGNMENT_LAYERS  # noqa: E402
from neuron_groups import preprocess as preprocess_pixels  # noqa: E402

DEFAULT_MODELS = ['standard', 'adversarial/ckpt-5', 'stylized/ckpt-5']
DESCRIPTOR_KEY = 'featureVisualizations'

# Lucid's colour correlation (color.ts), normalised by its largest column norm: rgb = M · decorrelated
COLOR_SVD_SQRT = np.array([[0.26, 0.09, 0.02], [0.27, 0.0, -0.05], [0.27, -0.09, 0.03]], dtype=np.float32)
COLOR = torch.from_numpy(COLOR_SVD_SQRT / np.linalg.norm(COLOR_SVD_SQRT, axis=0).max())

# transforms.ts `lucidTransforms`, pixel amounts at 128 px
PAD, JITTER = 12, (8, 4)
SCALES = [1 + (i - 5) / 50 for i in range(11)]
ANGLES = [float(i - 10) for i in range(21)] + [0.0] * 5


def log(message: str) -> None:
    print(f'[feature-vis] {message}', flush=True)


def default_size(input_size: tuple[int, int]) -> int:
    """FeatureVisRun.ts `defaultFeatureVisSize`."""
    return max(2, min(128, round(max(input_size) * 128 / 140)))


class FourierImages:
    """A batch of images [B, 3, s, s] in [0, 1] from Fourier spectra (parameterizations.ts / fourier.ts)."""

    def __init__(self, batch: int, size: int, generator: torch.Generator, initial_scale: float = 0.01) -> None:
        self.size = size
        bins = size // 2 + 1
        fy = torch.fft.fftfreq(size)[:, None]
        fx = torch.arange(bins, dtype=torch.float32)[None, :] / size
        self.scale = 1 / torch.clamp(torch.sqrt(fx * fx + fy * fy), min=1 / size)
        self.spectrum = (torch.randn(2, batch, 3, size, bins, generator=generator) * initial_scale).requires_grad_()

    def images(self) -> torch.Tensor:
        spectrum = torch.complex(self.spectrum[0], self.spectrum[1]) * self.scale
        decorrelated = torch.fft.irfft2(spectrum, s=(self.size, self.size), norm='ortho') / 4
        return torch.sigmoid(torch.einsum('ij,bjhw->bihw', COLOR, decorrelated))


def transform_grid(batch: int, size: int, out: tuple[int, int], rng: np.random.Generator) -> torch.Tensor:
    """grid_sample coordinates [B, H, W, 2] of transforms.ts `transformedView` with one random draw per image."""
    unit = size / 128
    jitters = [round(j * unit) for j in JITTER]
    view = size + 2 * round(PAD * unit) - sum(jitters)
    height, width = out
    v, u = torch.meshgrid(torch.arange(height) + 0.5 - height / 2, torch.arange(width) + 0.5 - width / 2, indexing='ij')
    # per image: a shift (the sum of the jitters, per axis), a scale and an angle
    sx, sy = (sum(torch.from_numpy(rng.integers(0, j + 1, batch)).float() - j / 2 for j in jitters) for _axis in range(2))
    scale = torch.tensor(SCALES)[torch.from_numpy(rng.integers(len(SCALES), size=batch))]
    angle = torch.deg2rad(torch.tensor(ANGLES)[torch.from_numpy(rng.integers(len(ANGLES), size=batch))])
    k = (view / max(height, width) / scale)[:, None, None]
    cos, sin = torch.cos(angle)[:, None, None], torch.sin(angle)[:, None, None]
    bx, by = -(cos * sx[:, None, None] + sin * sy[:, None, None]), -(-sin * sx[:, None, None] + cos * sy[:, None, None])
    qx = cos * k * u + sin * k * v + bx  # image pixels from the image centre
    qy = -sin * k * u + cos * k * v + by
    return torch.stack([qx, qy], -1) * (2 / size)  # align_corners=False: ±1 at the image's outer edges


def resize(images: torch.Tensor, out: tuple[int, int]) -> torch.Tensor:
    """resize.ts `resizeMatrix`: half-pixel centres, edges clamped."""
    return F.interpolate(images, size=out, mode='bilinear', align_corners=False)


class LayerTargets:
    """Each channel of a block output → the convolution that makes it, run without its ReLU (channelTarget.ts)."""

    def __init__(self, reference: KerasReference, layer: str) -> None:
        self.reference = reference
        by_name = {entry['name']: entry for entry in reference.config['layers']}
        self.layer = layer
        entry = by_name[layer]
        branches = [node[0] for node in entry['inbound_nodes'][0]] if entry['class_name'] == 'Concatenate' else [layer]
        self.branches: list[tuple[str, int]] = []  # (conv layer, channel in it) per channel of the layer
        for branch in branches:
            conv = by_name[branch]
            if conv['class_name'] != 'Conv2D' or conv['config']['activation'] != 'relu':
                raise ValueError(f'{layer}: channel source {branch} is not a Conv2D with a ReLU')
            self.branches += [(branch, c) for c in range(conv['config']['filters'])]
        self.convs = list(dict.fromkeys(b for b, _ in self.branches))  # in branch order
        names = reference.layer_names
        self.needed = names[: names.index(layer) + 1]

    def run(self, x: torch.Tensor) -> tuple[dict[str, torch.Tensor], torch.Tensor]:
        """Pre-activations of the layer's convolutions and the layer's output, running no further."""
        values: dict[str, torch.Tensor] = {}
        pre: dict[str, torch.Tensor] = {}
        for entry in self.reference.config['layers']:
            name = entry['name']
            if name not in self.needed:
                continue
            inputs = [values[node[0]] for node in entry['inbound_nodes'][0]] if entry['inbound_nodes'] else [x]
            if name in self.convs:
                config = dict(entry['config'], activation='linear')
                pre[name] = self.reference.apply(entry['class_name'], config, name, inputs)
                values[name] = F.relu(pre[name])
            else:
                values[name] = self.reference.apply(entry['class_name'], entry['config'], name, inputs)
        return pre, values[self.layer]

    def objectives(self, x: torch.Tensor, channels: list[int], contrast: float = 0) -> torch.Tensor:
        """Image i's objective: the mean of channel channels[i] before its ReLU, less ``contrast`` × the layer's mean activation."""
        pre, output = self.run(x)
        result = -contrast * output.mean(dim=(1, 2, 3)) if contrast else x.new_zeros(len(channels))
        # one gather per branch (indexing image by image made the backward pass allocate a full map per image)
        for conv in self.convs:
            images = [i for i, c in enumerate(channels) if self.branches[c][0] == conv]
            if images:
                local = torch.tensor([self.branches[channels[i]][1] for i in images])
                result = result.index_put((torch.tensor(images),), pre[conv][torch.tensor(images), local].mean(dim=(1, 2)), accumulate=True)
        return result

    def responses(self, x: torch.Tensor) -> torch.Tensor:
        """Every channel's mean (after its ReLU), per image: [B, C]."""
        _, output = self.run(x)
        return output.mean(dim=(2, 3))


def optimise(targets: LayerTargets, channels: list[int], size: int, input_size: tuple[int, int], preprocess, steps: int,
             seed: int, learning_rate: float = 0.05, contrast: float = 0) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    rng = np.random.default_rng(seed)
    images = FourierImages(len(channels), size, generator)
    optimizer = torch.optim.Adam([images.spectrum], lr=learning_rate, eps=1e-7)
    for _ in range(steps):
        grid = transform_grid(len(channels), size, input_size, rng)
        view = F.grid_sample(images.images() - 0.5, grid, mode='bilinear', padding_mode='zeros', align_corners=False) + 0.5
        loss = -targets.objectives(preprocess(view), channels, contrast).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        return images.images()


CELL_ALIGN = 16  # a 4:2:0 JPEG's block: tiles start on block boundaries, so no block mixes two channels
QUALITIES = (85, 80, 75, 70, 65, 60, 55, 50)


def encode_atlas(images: torch.Tensor, columns: int, budget: int) -> tuple[bytes, int, int]:
    """Tiles [N, 3, s, s] → a JPEG atlas (cells of s rounded up to 16 px, edge-padded) at the highest quality
    that fits ``budget`` bytes per tile; returns the file, its quality and the cell side."""
    n, _, size, _ = images.shape
    cell = -(-size // CELL_ALIGN) * CELL_ALIGN
    rows = -(-n // columns)
    pixels = (images.clamp(0, 1) * 255).round().to(torch.uint8).permute(0, 2, 3, 1).numpy()
    atlas = np.zeros((rows * cell, columns * cell, 3), np.uint8)
    for i, tile in enumerate(pixels):
        y, x = (i // columns) * cell, (i % columns) * cell
        atlas[y:y + cell, x:x + cell] = np.pad(tile, ((0, cell - size), (0, cell - size), (0, 0)), mode='edge')
    for quality in QUALITIES:
        buffer = io.BytesIO()
        Image.fromarray(atlas).save(buffer, 'JPEG', quality=quality, subsampling=2, optimize=True)
        if buffer.tell() <= budget * n:
            break
    return buffer.getvalue(), quality, cell


def decode_tiles(data: bytes, n: int, size: int, cell: int, columns: int) -> torch.Tensor:
    decoded = np.asarray(Image.open(io.BytesIO(data)).convert('RGB'))
    tiles = [decoded[(i // columns) * cell:(i // columns) * cell + size, (i % columns) * cell:(i % columns) * cell + size] for i in range(n)]
    return torch.from_numpy(np.stack(tiles)).permute(0, 3, 1, 2).float() / 255


def median(values: torch.Tensor) -> torch.Tensor:
    """Median along the last axis, the mean of the middle two for an even count (FeatureVisRun.evaluateLayer)."""
    ordered, n = values.sort(dim=-1).values, values.shape[-1]
    return ordered[..., n // 2] if n % 2 else (ordered[..., n // 2 - 1] + ordered[..., n // 2]) / 2


def weights_hash(model_dir: str) -> str:
    """A short hash of the model's weight files: cached images belong to exactly these weights."""
    digest = hashlib.sha256()
    for name in sorted(os.listdir(model_dir)):
        if name.endswith('.bin'):
            with open(os.path.join(model_dir, name), 'rb') as f:
                digest.update(f.read())
    return digest.hexdigest()[:12]


def with_feature_visualizations(descriptor: dict, value: dict) -> dict:
    """The descriptor with ``featureVisualizations`` replaced (appended when new), other fields untouched."""
    return {**{k: v for k, v in descriptor.items() if k != DESCRIPTOR_KEY}, DESCRIPTOR_KEY: value}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--out', required=True, help='the zoo folder (<model>/model.json, descriptor.json)')
    parser.add_argument('--models', default=','.join(DEFAULT_MODELS), help='model folders under --out')
    parser.add_argument('--layers', default=','.join(ALIGNMENT_LAYERS))
    parser.add_argument('--steps', type=int, default=128, help="Adam steps (the app's default: 128)")
    parser.add_argument('--batch', type=int, default=64, help='channels optimised together')
    parser.add_argument('--columns', type=int, default=16, help='tiles per atlas row')
    parser.add_argument('--tile-bytes', type=int, default=3000, help='JPEG budget per tile: each atlas gets the highest quality that fits')
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--cache', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'runs', 'feature-vis'),
                        help='where the optimised images are kept before JPEG (a rerun only re-encodes)')
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    models, layers = args.models.split(','), args.layers.split(',')
    for model in models:
        if not os.path.exists(os.path.join(args.out, model, 'model.json')):
            raise SystemExit(f'no model.json in {os.path.join(args.out, model)}')

    # planned work in channel-steps weighted by how deep each layer runs, for the ETA
    references = {model: KerasReference(os.path.join(args.out, model)) for model in models}
    plan = {}
    for model, reference in references.items():
        for layer in layers:
            targets = LayerTargets(reference, layer)
            plan[model, layer] = len(targets.branches) * (len(targets.needed) + 4)
    total, done, started, total_bytes = sum(plan.values()), 0, time.time(), 0
    for model in models:
        model_dir = os.path.join(args.out, model)
        with open(os.path.join(model_dir, 'descriptor.json')) as f:
            descriptor = json.load(f)
        input_size = tuple(descriptor['inputSize'])
        preprocess = lambda pixels, d=descriptor: preprocess_pixels(pixels, d)  # noqa: E731
        size = default_size(input_size)
        reference = references[model]
        weights = weights_hash(model_dir)
        os.makedirs(os.path.join(model_dir, 'featurevis'), exist_ok=True)
        entries, summary = {}, []
        for layer in layers:
            targets = LayerTargets(reference, layer)
            channels = list(range(len(targets.branches)))
            layer_started = time.time()

            def run(chosen: list[int], steps: int, seed: int, contrast: float = 0) -> torch.Tensor:
                return torch.cat([optimise(targets, chosen[first: first + args.batch], size, input_size, preprocess, steps, seed + first,
                                           contrast=contrast) for first in range(0, len(chosen), args.batch)])

            def check(images: torch.Tensor) -> tuple[bytes, int, int, list[int]]:
                """Encodes, decodes and feeds back what the browser will show: channels not above their layer's median."""
                data, quality, cell = encode_atlas(images, args.columns, args.tile_bytes)
                tiles = decode_tiles(data, len(channels), size, cell, args.columns)
                with torch.no_grad():  # untransformed and resized to the input, as the runtime feeds an image
                    responses = targets.responses(preprocess(resize(tiles, input_size))).double()
                own = responses[torch.arange(len(channels)), torch.tensor(channels)]
                return data, quality, cell, [c for c, o, m in zip(channels, own.tolist(), median(responses).tolist()) if not o > m]

            cached = os.path.join(args.cache, model.replace('/', '_'), f'{layer}-{weights}-{size}px-{args.steps}steps-seed{args.seed}.npy')
            if os.path.exists(cached):
                # the optimised images before JPEG (uint8): re-encoding with another budget needs no optimisation
                images = torch.from_numpy(np.load(cached)).permute(0, 3, 1, 2).float() / 255
            else:
                images = run(channels, args.steps, args.seed * 100003)
            data, quality, cell, below = check(images)
            if below:
                # a second chance: twice the steps from another start, maximising the channel against its layer
                # (its mean less the layer's mean), for images that drive the whole layer as much as their channel
                images[below] = run(below, 2 * args.steps, args.seed * 100003 + 50021, contrast=1.0)
                data, quality, cell, still = check(images)
                log(f'{model} {layer}: {len(below)} channels below the layer median, {len(below) - len(still)} raised by a second run')
                below = still
            os.makedirs(os.path.dirname(cached), exist_ok=True)
            np.save(cached, (images.clamp(0, 1) * 255).round().to(torch.uint8).permute(0, 2, 3, 1).numpy())
            atlas = f'featurevis/{layer}.jpg'
            with open(os.path.join(model_dir, atlas), 'wb') as f:
                f.write(data)
            entries[layer] = {'atlas': atlas, 'columns': args.columns, 'channels': len(channels), 'notRaised': below}
            total_bytes += len(data)
            summary.append(f'{layer} {len(channels) - len(below)}/{len(channels)}')
            done += plan[model, layer]
            elapsed = time.time() - started
            log(f'{model} {layer}: {len(channels)} channels in {time.time() - layer_started:.0f} s, '
                f'{len(channels) - len(below)} above the layer median; {len(data) / 1024:.0f} KiB at quality {quality}; '
                f'{100 * done / total:.0f}% done, ETA {elapsed / done * (total - done) / 60:.1f} min')
        value = {
            'source': (f'tools/zoo/feature_vis.py: the runtime\'s Fourier parameterisation with colour decorrelation, Lucid\'s transforms, '
                       f'{args.steps} Adam steps at 0.05 on each channel\'s mean before its ReLU (channels left below their layer\'s median: '
                       f'a second run of {2 * args.steps} steps on that mean less the layer\'s mean activation), seed {args.seed}; '
                       f'JPEG atlases of at most {args.tile_bytes} bytes per tile'),
            'parameterization': 'fourier', 'size': size, 'cell': cell, 'layers': entries,
        }
        # --layers redoes some layers: the others keep their atlases (when made the same way), in layer order
        kept = descriptor.get(DESCRIPTOR_KEY) or {}
        if all(kept.get(k) == value[k] for k in ('parameterization', 'size', 'cell')):
            names = [e['name'] for e in reference.config['layers']]
            merged = {**kept.get('layers', {}), **entries}
            value['layers'] = {k: merged[k] for k in sorted(merged, key=lambda k: names.index(k) if k in names else len(names))}
        path = os.path.join(model_dir, 'descriptor.json')
        with open(path, 'w') as f:
            json.dump(with_feature_visualizations(descriptor, value), f, indent=1)
        embed_descriptor(model_dir)
        log(f'{model}: above the layer median {", ".join(summary)}')
    log(f'atlases: {total_bytes / 1e6:.2f} MB in all')


if __name__ == '__main__':
    main()
