#!/usr/bin/env python3
"""A tiny synthetic dataset in generate.mjs's format, for developing and testing the pipeline
without Chromium: 10 classes, each a shape with its own striped texture, so that cue-conflict
images (shape of one class, texture of another) and texture-randomised ("stylized") images mean
what they mean for the rendered data. Never used for the committed zoo.

    /usr/bin/python3 tools/zoo/synth_data.py --out /tmp/zoo-synth [--per-class 60] [--size 112]
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np

CLASSES = ['disc', 'square', 'triangle', 'cross', 'ring', 'diamond', 'bar', 'star', 'half-disc', 'ell']


def shape_mask(k: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    r, t = np.hypot(u, v), np.arctan2(v, u)
    return [
        r < 0.9,
        np.maximum(abs(u), abs(v)) < 0.75,
        (v < 0.7) & (v > -0.8) & (abs(u) < (0.7 - v) * 0.6),
        ((abs(u) < 0.28) & (abs(v) < 0.95)) | ((abs(v) < 0.28) & (abs(u) < 0.95)),
        (r < 0.95) & (r > 0.55),
        abs(u) + abs(v) < 0.95,
        (abs(v) < 0.35) & (abs(u) < 0.95),
        r < 0.55 + 0.35 * np.cos(5 * t),
        (r < 0.95) & (v > 0),
        ((u > -0.8) & (u < -0.3) & (abs(v) < 0.9)) | ((v > 0.4) & (v < 0.9) & (u > -0.8) & (u < 0.9)),
    ][k]


def texture(params: tuple, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    angle, freq, c1, c2 = params
    s = 0.5 + 0.5 * np.sin(freq * (x * np.cos(angle) + y * np.sin(angle)))
    return c1[None, None] * s[..., None] + c2[None, None] * (1 - s[..., None])


def class_texture(k: int) -> tuple:
    hue = np.array([np.cos(2 * np.pi * (k / 10 + j / 3)) for j in range(3)]) * 0.45 + 0.5
    return (k * np.pi / 10, 0.35 + 0.25 * (k % 3), hue, 1 - hue)


def render(rng: np.random.RandomState, size: int, shape_k: int, tex: tuple) -> np.ndarray:
    y, x = np.mgrid[0:size, 0:size].astype(np.float64)
    cx, cy = rng.uniform(0.35, 0.65, 2) * size
    scale = rng.uniform(0.22, 0.38) * size
    rot = rng.uniform(-0.4, 0.4)
    u = ((x - cx) * np.cos(rot) + (y - cy) * np.sin(rot)) / scale
    v = (-(x - cx) * np.sin(rot) + (y - cy) * np.cos(rot)) / scale
    mask = shape_mask(shape_k, u, v)[..., None]
    g0, g1 = rng.uniform(0.1, 0.9, 3), rng.uniform(0.1, 0.9, 3)
    ramp = (y / size)[..., None]
    background = g0 * (1 - ramp) + g1 * ramp
    img = np.where(mask, texture(tex, x, y), background) + rng.normal(0, 0.03, (size, size, 3))
    return (np.clip(img, 0, 1) * 255).round().astype(np.uint8)


def random_texture(rng: np.random.RandomState) -> tuple:
    return (rng.uniform(0, np.pi), rng.uniform(0.3, 0.9), rng.uniform(0, 1, 3), rng.uniform(0, 1, 3))


def write_split(out: str, name: str, images: list, meta: dict) -> None:
    np.stack(images).tofile(os.path.join(out, f'{name}.u8'))
    with open(os.path.join(out, f'{name}.json'), 'w') as f:
        json.dump({'split': name, 'count': len(images), **meta}, f)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--per-class', type=int, default=60)
    ap.add_argument('--size', type=int, default=112)
    ap.add_argument('--seed', type=int, default=1)
    args = ap.parse_args()
    os.makedirs(os.path.join(args.out, 'examples'), exist_ok=True)
    n, size = args.per_class, args.size
    base = {'size': size, 'seed': args.seed, 'classes': CLASSES}
    counts = {'train': n, 'val': max(2, n // 3), 'test': max(2, n // 3), 'cue-conflict': max(2, n // 6), 'train-stylized': max(2, n // 2)}
    for i, (split, per_class) in enumerate(counts.items()):
        rng = np.random.RandomState(args.seed * 100 + i)
        images, labels, shapes, textures = [], [], [], []
        for j in range(per_class * len(CLASSES)):
            k = j % len(CLASSES)
            if split == 'cue-conflict':
                t = (k + 1 + rng.randint(len(CLASSES) - 1)) % len(CLASSES)
                images.append(render(rng, size, k, class_texture(t)))
                shapes.append(k)
                textures.append(t)
            elif split == 'train-stylized':
                images.append(render(rng, size, k, random_texture(rng)))
            else:
                images.append(render(rng, size, k, class_texture(k)))
            labels.append(k)
        extra = {'shapeLabels': shapes, 'textureLabels': textures} if split == 'cue-conflict' else {}
        write_split(args.out, split, images, {**base, 'labels': labels, **extra})
    from PIL import Image
    classes = []
    for k, name in enumerate(CLASSES):
        Image.fromarray(render(np.random.RandomState(k), size, k, class_texture(k))).save(os.path.join(args.out, 'examples', f'{name}.png'))
        classes.append({'id': name, 'name': name, 'imagenetLikeName': name, 'example': f'examples/{name}.png'})
    with open(os.path.join(args.out, 'classes.json'), 'w') as f:
        json.dump(classes, f, indent=2)
    print(f'wrote {sum(counts.values()) * len(CLASSES)} images to {args.out}')


if __name__ == '__main__':
    main()
