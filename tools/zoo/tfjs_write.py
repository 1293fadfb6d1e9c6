"""Writing converted layers as a TF.js layers model: model.json (Keras topology + weightsManifest) and shards.

Weights are little-endian float32, or float16 with ``quantization: {dtype: 'float16'}`` per weight
(TF.js ≥ 1.x decodes it in io_utils.decodeWeights and hands float32 tensors to the model).
"""
from __future__ import annotations

import json
import os

import numpy as np

from tfjs_convert import Converted

SHARD_BYTES = 4 * 1024 * 1024  # TF.js converter's default
KERAS_VERSION = 'tfjs-layers 4.22.0'


def round_weights(values: np.ndarray, float16: bool) -> np.ndarray:
    """The float32 values a weight will have after export (and decoding in TF.js)."""
    v = np.asarray(values, dtype=np.float32)
    return v.astype(np.float16).astype(np.float32) if float16 else v


def topology(converted: Converted, model_name: str) -> dict:
    layers = []
    for layer in converted.layers:
        inbound = [[[name, 0, 0, {}] for name in layer.inbound]] if layer.inbound else []
        layers.append({'class_name': layer.class_name, 'name': layer.name, 'config': layer.config, 'inbound_nodes': inbound})
    return {
        'class_name': 'Model',
        'config': {
            'name': model_name,
            'layers': layers,
            'input_layers': [[name, 0, 0] for name in converted.input_layers],
            'output_layers': [[name, 0, 0] for name in converted.output_layers],
        },
        'keras_version': KERAS_VERSION,
        'backend': 'tensor_flow.js',
    }


def write_layers_model(converted: Converted, out_dir: str, *, model_name: str, float16: bool = False,
                       generated_by: str = 'perturber tools/zoo/export_tfjs.py') -> dict:
    """Writes model.json and its weight shards into ``out_dir``; returns the model.json content."""
    os.makedirs(out_dir, exist_ok=True)
    specs, chunks = [], []
    for layer in converted.layers:
        for suffix, values in layer.weights:
            arr = round_weights(values, float16)
            spec = {'name': f'{layer.name}/{suffix}', 'shape': list(arr.shape), 'dtype': 'float32'}
            if float16:
                spec['quantization'] = {'dtype': 'float16'}
                chunks.append(arr.astype('<f2').tobytes())
            else:
                chunks.append(arr.astype('<f4').tobytes())
            specs.append(spec)
    data = b''.join(chunks)
    count = max(1, -(-len(data) // SHARD_BYTES))
    paths = [f'group1-shard{i + 1}of{count}.bin' for i in range(count)]
    for i, path in enumerate(paths):
        with open(os.path.join(out_dir, path), 'wb') as f:
            f.write(data[i * SHARD_BYTES:(i + 1) * SHARD_BYTES])
    model_json = {
        'format': 'layers-model',
        'generatedBy': generated_by,
        'convertedBy': None,
        'modelTopology': topology(converted, model_name),
        'weightsManifest': [{'paths': paths, 'weights': specs}],
    }
    with open(os.path.join(out_dir, 'model.json'), 'w') as f:
        json.dump(model_json, f, separators=(',', ':'))
    return model_json


def read_layers_model(model_dir: str) -> tuple[dict, dict[str, np.ndarray]]:
    """model.json and its decoded float32 weights by name (for the Python reference runner and tests)."""
    with open(os.path.join(model_dir, 'model.json')) as f:
        model_json = json.load(f)
    weights: dict[str, np.ndarray] = {}
    for group in model_json['weightsManifest']:
        data = b''
        for path in group['paths']:
            with open(os.path.join(model_dir, path), 'rb') as f:
                data += f.read()
        offset = 0
        for spec in group['weights']:
            size = int(np.prod(spec['shape'])) if spec['shape'] else 1
            dtype = '<f2' if spec.get('quantization', {}).get('dtype') == 'float16' else '<f4'
            nbytes = size * np.dtype(dtype).itemsize
            weights[spec['name']] = np.frombuffer(data[offset:offset + nbytes], dtype=dtype).astype(np.float32).reshape(spec['shape'])
            offset += nbytes
    return model_json, weights
