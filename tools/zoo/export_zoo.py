#!/usr/bin/env python3
"""Exports every trained zoo checkpoint to models/perturber-zoo/ in TF.js format with descriptors.

    export_zoo.py --runs tools/zoo/runs --data tools/zoo/data --out models/perturber-zoo [--float32]

Layout: ``standard/``, ``adversarial/ckpt-1 … ckpt-N`` and ``stylized/ckpt-1 … ckpt-N`` (the last
checkpoint is the final model), each with model.json + weights, descriptor.json and parity.json;
``examples/<class id>.png``; ``index.json`` listing models (variant, checkpoint, step, epoch,
path, clean test accuracy) and classes.

descriptor.json follows packages/model-runtime/src/types.ts ModelDescriptor, as JSON: the
``labels.example`` function becomes ``examples``, a map of label index → image path relative to
descriptor.json. The same descriptor is embedded in model.json under
``userDefinedMetadata.perturber.descriptor`` (embed_descriptor.py), where the runtime finds it.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import sys

# Before torch loads OpenMP: on a shared 2-core machine spinning idle threads made 2-thread training 5× slower than 1 thread.
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from data import load_split  # noqa: E402
from embed_descriptor import embed_descriptor  # noqa: E402
from export_tfjs import export, parity_images_from  # noqa: E402
from metrics import accuracy, load_model  # noqa: E402
from model import INPUT_SIZE, PREPROCESSING  # noqa: E402

LABEL_SET_ID = 'perturber-zoo'
VARIANTS = ['standard', 'adversarial', 'stylized']


def checkpoints(runs: str) -> list[tuple[str, int, str]]:
    """(variant, checkpoint number (0: standard's only one), .pt path), in zoo order."""
    found = []
    for variant in VARIANTS:
        if variant == 'standard':
            path = os.path.join(runs, 'standard', 'final.pt')
            if os.path.exists(path):
                found.append((variant, 0, path))
            continue
        paths = glob.glob(os.path.join(runs, variant, 'ckpt-*.pt'))
        for k, path in sorted((int(os.path.basename(p)[5:-3]), p) for p in paths):
            found.append((variant, k, path))
    return found


def layer_groups(layer_names: list[str]) -> dict[str, list[str]]:
    """Block → layers, by the runtime's rule (name up to its first number and letter), spelled out."""
    groups: dict[str, list[str]] = {}
    for name in layer_names:
        if name in ('input', 'logits', 'avgpool0'):
            continue
        groups.setdefault(name.split('_')[0], []).append(name)
    return groups


def descriptor(name: str, classes: list[dict], layer_names: list[str], examples_rel: str) -> dict:
    return {
        'name': name,
        'inputSize': [INPUT_SIZE, INPUT_SIZE],
        'channelOrder': 'RGB',
        'preprocessing': PREPROCESSING,
        'output': {'kind': 'logits'},
        'labels': {'id': LABEL_SET_ID, 'names': [c['name'] for c in classes]},
        'layerGroups': layer_groups(layer_names),
        'examples': {str(i): f'{examples_rel}/{os.path.basename(c["example"])}' for i, c in enumerate(classes)},
    }


def training_attack(runs: str) -> dict | None:
    path = os.path.join(runs, 'adversarial', 'log.json')
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f).get('pgd')


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--runs', required=True)
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--float32', action='store_true', help='store float32 weights (default float16)')
    args = ap.parse_args(argv)

    with open(os.path.join(args.data, 'classes.json')) as f:
        classes = json.load(f)
    for stale in VARIANTS + ['examples']:
        shutil.rmtree(os.path.join(args.out, stale), ignore_errors=True)
    os.makedirs(os.path.join(args.out, 'examples'), exist_ok=True)
    for c in classes:
        shutil.copy(os.path.join(args.data, c['example']), os.path.join(args.out, 'examples', os.path.basename(c['example'])))

    test = load_split(args.data, 'test')
    parity_inputs = parity_images_from(args.data, INPUT_SIZE)
    found = checkpoints(args.runs)
    if not found:
        raise SystemExit(f'no checkpoints under {args.runs}')
    count = {v: sum(1 for f in found if f[0] == v) for v in VARIANTS}
    models = []
    for variant, k, path in found:
        rel = variant if k == 0 else f'{variant}/ckpt-{k}'
        name = 'ZooNet standard' if k == 0 else f'ZooNet {variant} (checkpoint {k}/{count[variant]})'
        model, state = load_model(path)
        result = export(model.net, os.path.join(args.out, rel), input_size=(INPUT_SIZE, INPUT_SIZE), model_name=name,
                        float16=not args.float32, parity_images=parity_inputs, preprocessing=PREPROCESSING)
        examples_rel = os.path.relpath(os.path.join(args.out, 'examples'), os.path.join(args.out, rel))
        with open(os.path.join(args.out, rel, 'descriptor.json'), 'w') as f:
            json.dump(descriptor(name, classes, result.layer_names, examples_rel), f, indent=1)
        embed_descriptor(os.path.join(args.out, rel))
        acc = accuracy(model, test)
        models.append({'name': name, 'variant': variant, 'checkpoint': k, 'final': k == count[variant] or k == 0,
                       'step': state.get('step'), 'epoch': state.get('epoch'), 'imagesSeen': state.get('images_seen'),
                       'path': rel, 'cleanAccuracy': acc, 'valAccuracy': state.get('val_accuracy')})
        print(f'[export] {rel}: {len(result.layer_names)} layers, clean test accuracy {100 * acc:.1f}%', flush=True)

    index = {
        'about': 'The Perturber model zoo: ZooNet variants trained on rendered scenes by `npm run zoo` (tools/zoo).',
        'inputSize': [INPUT_SIZE, INPUT_SIZE],
        'preprocessing': PREPROCESSING,
        'weightsDtype': 'float32' if args.float32 else 'float16',
        'labelSet': LABEL_SET_ID,
        'classes': [{**c, 'example': f'examples/{os.path.basename(c["example"])}'} for c in classes],
        'testImages': len(test),
        # The training attack: the browser's robust-accuracy check should attack at this ε.
        'adversarialTraining': training_attack(args.runs),
        'models': models,
    }
    with open(os.path.join(args.out, 'index.json'), 'w') as f:
        json.dump(index, f, indent=1)
    print(f'[export] wrote {len(models)} models and index.json to {args.out}', flush=True)


if __name__ == '__main__':
    main()
