#!/usr/bin/env python3
"""Writes named neuron groups ("Fire truck detectors", …) into every zoo model's descriptor.json.

    neuron_groups.py --data tools/zoo/data --out models/perturber-zoo [--split test] [--threads 2]

For every model in index.json, block output (metrics.ALIGNMENT_LAYERS) and class: each channel's
activation averaged over positions, per image of the split; its class selectivity
d' = (mean on the class's images − mean on the other images) / √((var_class + var_other) / 2);
the group is the GROUP_SIZE channels of highest d' > 0, in decreasing d' (fewer than MIN_CHANNELS:
no group). The exported model.json runs through keras_reference.py with the descriptor's
preprocessing, so the groups describe exactly what the browser loads, float16 weights included.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

# Before torch loads OpenMP: on a shared 2-core machine spinning idle threads made 2-thread training 5× slower than 1 thread.
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from data import load_split, to_tensor  # noqa: E402
from embed_descriptor import embed_descriptor  # noqa: E402
from keras_reference import KerasReference  # noqa: E402
from metrics import ALIGNMENT_LAYERS  # noqa: E402

GROUP_SIZE = 4
MIN_CHANNELS = 2
SOURCE_KEY = 'neuronGroupsSource'


def log(message: str) -> None:
    print(f'[neuron-groups] {message}', flush=True)


def selectivity(features: np.ndarray, labels: np.ndarray, label: int) -> np.ndarray:
    """d' of every channel for ``label``; features [N, C], population variances."""
    inside, outside = features[labels == label], features[labels != label]
    pooled = (inside.var(0) + outside.var(0)) / 2
    # a channel constant on every image (dead after its ReLU) tells nothing about the class: d' 0, never chosen
    safe = np.where(pooled > 0, pooled, 1.0)
    return np.where(pooled > 0, (inside.mean(0) - outside.mean(0)) / np.sqrt(safe), 0.0)


def top_channels(dprime: np.ndarray, size: int = GROUP_SIZE, minimum: int = MIN_CHANNELS) -> list[int]:
    # ties go to the lower channel index, so the output never depends on sort stability
    order = np.lexsort((np.arange(len(dprime)), -dprime))
    chosen = [int(c) for c in order[:size] if dprime[c] > 0]
    return chosen if len(chosen) >= minimum else []


def neuron_groups(features: dict[str, np.ndarray], labels: np.ndarray, classes: list[dict]) -> dict:
    """Layer → [{id, name, channels}] for every class with a group, layers and classes in their given order."""
    result = {}
    for layer, f in features.items():
        groups = []
        for k, c in enumerate(classes):
            channels = top_channels(selectivity(f, labels, k))
            if channels:
                groups.append({'id': c['id'], 'name': f'{c["name"][:1].upper()}{c["name"][1:]} detectors', 'channels': channels})
        if groups:
            result[layer] = groups
    return result


def preprocess(pixels: torch.Tensor, descriptor: dict) -> torch.Tensor:
    p = descriptor['preprocessing']
    if p['kind'] != 'range' or descriptor.get('channelOrder', 'RGB') != 'RGB':
        raise SystemExit(f'{descriptor["name"]}: only RGB and range preprocessing are implemented (the zoo uses both)')
    return pixels * (p['max'] - p['min']) + p['min']


def channel_means(model_dir: str, descriptor: dict, images: np.ndarray, batch_size: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Block output → [N, C] spatial means (float64), for the layers the runtime lists as spatial; and the predictions."""
    ref = KerasReference(model_dir)
    sums: dict[str, list[np.ndarray]] = {}
    predicted = []
    with torch.no_grad():
        for start in range(0, len(images), batch_size):
            acts = ref.run(preprocess(to_tensor(images[start:start + batch_size]), descriptor))
            predicted.append(acts['logits'].argmax(1).numpy())
            for layer in ALIGNMENT_LAYERS:
                a = acts.get(layer)
                # the runtime's spatialLayers(): rank 4 with more than one position; other layers cannot hold groups
                if a is not None and a.dim() == 4 and a.shape[2] * a.shape[3] > 1:
                    sums.setdefault(layer, []).append(a.double().mean(dim=(2, 3)).numpy())
    return {layer: np.concatenate(parts) for layer, parts in sums.items()}, np.concatenate(predicted)


def with_groups(descriptor: dict, groups: dict, source: str) -> dict:
    """The descriptor with fresh groups right after layerGroups (old ones dropped), other fields untouched."""
    fresh = {'neuronGroups': groups, SOURCE_KEY: source}
    out: dict = {}
    for key, value in descriptor.items():
        if key in fresh:
            continue
        out[key] = value
        if key == 'layerGroups':
            out.update(fresh)
    out.update({k: v for k, v in fresh.items() if k not in out})
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True, help='the zoo folder (index.json)')
    ap.add_argument('--split', default='test')
    ap.add_argument('--batch-size', type=int, default=50)
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)

    with open(os.path.join(args.out, 'index.json')) as f:
        index = json.load(f)
    classes = index['classes']
    split = load_split(args.data, args.split)
    if split.classes != [c['name'] for c in classes]:
        raise SystemExit(f'{args.split} has classes {split.classes}, index.json {[c["name"] for c in classes]}')
    source = (f"tools/zoo/neuron_groups.py: per block output and class, the {GROUP_SIZE} channels of highest class selectivity d' "
              f"(spatially averaged activation, class vs the other classes) on the {len(split)} {args.split} images, in decreasing d'")
    for entry in index['models']:
        model_dir = os.path.join(args.out, entry['path'])
        path = os.path.join(model_dir, 'descriptor.json')
        with open(path) as f:
            descriptor = json.load(f)
        if descriptor['labels']['names'] != [c['name'] for c in classes]:
            raise SystemExit(f'{path}: labels differ from index.json classes')
        features, predicted = channel_means(model_dir, descriptor, split.images, args.batch_size)
        groups = neuron_groups(features, split.labels, classes)
        with open(path, 'w') as f:
            json.dump(with_groups(descriptor, groups, source), f, indent=1)
        embed_descriptor(model_dir)  # model.json carries the descriptor too
        # the same model on the same split as the export's accuracy: a mismatch means another data folder
        acc = float((predicted == split.labels).mean())
        reported = f', index.json {100 * entry["cleanAccuracy"]:.1f}%' if args.split == 'test' else ''
        log(f'{entry["path"]}: {sum(len(g) for g in groups.values())} groups on {len(groups)} layers '
            f'(accuracy {100 * acc:.1f}% on {args.split}{reported})')


if __name__ == '__main__':
    main()
