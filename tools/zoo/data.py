"""The zoo dataset on disk (written by generate.mjs) and batches of it as PyTorch tensors.

Per split: ``<split>.u8`` (uint8 N×S×S×3, RGB, row 0 at the top) and ``<split>.json``
({split, count, size, seed, classes, labels[, shapeLabels, textureLabels]}).
Batches are float32 NCHW pixels in [0, 1]; preprocessing happens inside the model (model.py).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Iterator

import numpy as np
import torch

AUGMENT_PAD = 8  # random crops of the image padded by this many edge pixels


@dataclass
class Split:
    name: str
    images: np.ndarray  # [N, S, S, 3] uint8
    labels: np.ndarray  # [N] int64
    meta: dict

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def classes(self) -> list[str]:
        return self.meta['classes']

    def subset(self, count: int) -> 'Split':
        """The first ``count`` samples (generators interleave classes, so this stays balanced)."""
        return Split(self.name, self.images[:count], self.labels[:count], self.meta)


def load_split(data_dir: str, split: str) -> Split:
    with open(os.path.join(data_dir, f'{split}.json')) as f:
        meta = json.load(f)
    size, count = meta['size'], meta['count']
    images = np.fromfile(os.path.join(data_dir, f'{split}.u8'), dtype=np.uint8)
    if images.size != count * size * size * 3:
        raise ValueError(f'{split}.u8 holds {images.size} bytes, expected {count}×{size}×{size}×3')
    labels = np.asarray(meta['labels'], dtype=np.int64)
    return Split(split, images.reshape(count, size, size, 3), labels, meta)


def has_split(data_dir: str, split: str) -> bool:
    return os.path.exists(os.path.join(data_dir, f'{split}.json')) and os.path.exists(os.path.join(data_dir, f'{split}.u8'))


def to_tensor(images: np.ndarray) -> torch.Tensor:
    """uint8 NHWC → float32 NCHW in [0, 1]."""
    return torch.from_numpy(np.ascontiguousarray(images)).permute(0, 3, 1, 2).float().div_(255.0)


def augment(images: np.ndarray, rng: np.random.RandomState) -> np.ndarray:
    """Random crop (of the edge-padded image, shifts up to ±AUGMENT_PAD px) and random horizontal flip."""
    n, s = images.shape[0], images.shape[1]
    p = AUGMENT_PAD
    padded = np.pad(images, ((0, 0), (p, p), (p, p), (0, 0)), mode='edge')
    out = np.empty_like(images)
    offsets = rng.randint(0, 2 * p + 1, size=(n, 2))
    flips = rng.rand(n) < 0.5
    for i in range(n):
        y, x = offsets[i]
        crop = padded[i, y:y + s, x:x + s]
        out[i] = crop[:, ::-1] if flips[i] else crop
    return out


def batches(split: Split, batch_size: int, *, shuffle: bool, rng: np.random.RandomState | None = None,
            augmented: bool = False, drop_last: bool = False) -> Iterator[tuple[torch.Tensor, torch.Tensor, np.ndarray]]:
    """(pixels, labels, sample indices) batches; shuffled and augmented with ``rng`` when asked."""
    order = rng.permutation(len(split)) if shuffle else np.arange(len(split))
    end = len(order) - (len(order) % batch_size if drop_last else 0)
    for start in range(0, end, batch_size):
        idx = np.sort(order[start:start + batch_size]) if not shuffle else order[start:start + batch_size]
        images = split.images[idx]
        if augmented:
            images = augment(images, rng)
        yield to_tensor(images), torch.from_numpy(split.labels[idx]), idx


def mixed_batches(primary: Split, secondary: Split, batch_size: int, secondary_fraction: float,
                  rng: np.random.RandomState, steps: int) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """``steps`` augmented batches, each with round(batch_size · secondary_fraction) samples from ``secondary``."""
    n2 = int(round(batch_size * secondary_fraction))
    n1 = batch_size - n2
    for _ in range(steps):
        i1 = rng.randint(0, len(primary), size=n1)
        i2 = rng.randint(0, len(secondary), size=n2)
        images = np.concatenate([primary.images[i1], secondary.images[i2]])
        labels = np.concatenate([primary.labels[i1], secondary.labels[i2]])
        yield to_tensor(augment(images, rng)), torch.from_numpy(labels)
