#!/usr/bin/env python3
"""Embeds each model's descriptor.json into its model.json, under ``userDefinedMetadata.perturber.descriptor``.

    embed_descriptor.py --out models/perturber-zoo

``userDefinedMetadata`` is TF.js' own top-level model.json field for metadata
(``tf.io.ModelArtifacts.userDefinedMetadata``); the model runtime reads a descriptor there first,
so ``runtime.load('…/model.json')`` gets the zoo's labels, preprocessing and neuron groups with no
descriptor option. descriptor.json stays next to model.json (older runtimes and other tools read it).

``export_zoo.py`` and ``neuron_groups.py`` call :func:`embed_descriptor` after writing a
descriptor.json; run this alone to update a zoo in place without re-exporting. Only
``userDefinedMetadata.perturber.descriptor`` changes: every other field of model.json — topology,
weightsManifest, other metadata — keeps its value, its key order and (as written by
tfjs_write.py, compact) its bytes, and the weight files are not touched. Pure Python (no PyTorch).
"""
from __future__ import annotations

import argparse
import glob
import json
import os

DESCRIPTOR_FILE = 'descriptor.json'
MODEL_FILE = 'model.json'


def with_descriptor(model_json: dict, descriptor: dict) -> dict:
    """A copy of ``model_json`` with ``descriptor`` at userDefinedMetadata.perturber.descriptor (other metadata kept)."""
    metadata = dict(model_json.get('userDefinedMetadata') or {})
    metadata['perturber'] = {**(metadata.get('perturber') or {}), 'descriptor': descriptor}
    return {**model_json, 'userDefinedMetadata': metadata}


def embed_descriptor(model_dir: str) -> bool:
    """Writes ``model_dir``/descriptor.json into ``model_dir``/model.json; returns whether model.json changed."""
    with open(os.path.join(model_dir, DESCRIPTOR_FILE)) as f:
        descriptor = json.load(f)
    path = os.path.join(model_dir, MODEL_FILE)
    with open(path) as f:
        text = f.read()
    updated = json.dumps(with_descriptor(json.loads(text), descriptor), separators=(',', ':'))
    if updated == text:
        return False
    with open(path, 'w') as f:
        f.write(updated)
    return True


def zoo_model_dirs(zoo: str) -> list[str]:
    """Every folder under ``zoo`` holding both model.json and descriptor.json, sorted."""
    found = glob.glob(os.path.join(zoo, '**', DESCRIPTOR_FILE), recursive=True)
    return sorted(os.path.dirname(p) for p in found if os.path.exists(os.path.join(os.path.dirname(p), MODEL_FILE)))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', required=True, help='the zoo folder (each model folder has model.json and descriptor.json)')
    args = ap.parse_args(argv)
    dirs = zoo_model_dirs(args.out)
    if not dirs:
        raise SystemExit(f'no model.json with a descriptor.json under {args.out}')
    for model_dir in dirs:
        changed = embed_descriptor(model_dir)
        print(f'[embed-descriptor] {os.path.relpath(model_dir, args.out)}: {"embedded" if changed else "already up to date"}', flush=True)


if __name__ == '__main__':
    main()
