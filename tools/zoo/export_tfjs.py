#!/usr/bin/env python3
"""PyTorch → TF.js layers model, with names preserved, BatchNorm folded and a parity record.

Library use (any traceable PyTorch CNN built from the supported layers, see README.md):

    from export_tfjs import export
    result = export(model, 'out/my-model', input_size=(224, 224), float16=False, parity_images=images_u8)

writes ``out/my-model/model.json`` + ``group1-shard*.bin`` (loadable with ``tf.loadLayersModel``)
and, when ``parity_images`` (uint8 [N, H, W, 3]) are given, ``parity.json``: the images, the
PyTorch logits and a summary of every layer's activations, which
tests/unit/zoo-parity.test.ts reproduces with TF.js.

Command line, for a zoo checkpoint (train.py) or any model a factory builds:

    python3 export_tfjs.py tools/zoo/runs/standard/final.pt models/perturber-zoo/standard --data tools/zoo/data
    python3 export_tfjs.py weights.pt out/ --factory mypkg.models:build_net --input-size 224 --float16
"""
from __future__ import annotations

import argparse
import base64
import copy
import importlib
import json
import os
import sys
from dataclasses import dataclass

# Before torch loads OpenMP: on a shared 2-core machine spinning idle threads made 2-thread training 5× slower than 1 thread.
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import numpy as np
import torch
import torch.fx as fx
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from tfjs_convert import Converted, convert  # noqa: E402
from tfjs_trace import trace  # noqa: E402
from tfjs_write import round_weights, write_layers_model  # noqa: E402

PARITY_SAMPLES = 16  # sampled activation values per layer and image, besides per-channel means
PARITY_SEED = 1234


@dataclass
class ExportResult:
    out_dir: str
    model_json: dict
    converted: Converted
    graph: fx.GraphModule
    twin: fx.GraphModule  # the traced model with the exported (folded, rounded) weights

    @property
    def layer_names(self) -> list[str]:
        return [layer.name for layer in self.converted.layers]


class BiasAdd(nn.Module):
    """Stands in for a BatchNorm folded into the preceding convolution."""

    def __init__(self, bias: torch.Tensor) -> None:
        super().__init__()
        self.register_buffer('bias', bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.bias.view(1, -1, *([1] * (x.dim() - 2)))


def exported_twin(gm: fx.GraphModule, converted: Converted, float16: bool) -> fx.GraphModule:
    """A copy of the traced model computing with exactly the exported weights (BN folded, float16-rounded)."""
    twin = copy.deepcopy(gm)
    to_t = lambda a: torch.from_numpy(round_weights(a, float16))  # noqa: E731
    with torch.no_grad():
        for tensor in list(twin.parameters()) + [b for b in twin.buffers() if b.is_floating_point()]:
            tensor.copy_(to_t(tensor.double().numpy()))
        for fold in converted.folds:
            conv = twin.get_submodule(fold.conv_path)
            conv.weight.copy_(to_t(fold.weight_oihw))
            if fold.bn_path is not None:
                parent, _, attr = fold.bn_path.rpartition('.')
                setattr(twin.get_submodule(parent) if parent else twin, attr, BiasAdd(to_t(fold.bias)))
                if conv.bias is not None:
                    conv.bias.zero_()
    return twin


class _Capture(fx.Interpreter):
    def __init__(self, gm: fx.GraphModule, wanted: set[str]) -> None:
        super().__init__(gm)
        self.wanted, self.values = wanted, {}

    def run_node(self, n: fx.Node):
        out = super().run_node(n)
        if n.name in self.wanted:
            self.values[n.name] = out.detach()
        return out


def layer_activations(gm: fx.GraphModule, converted: Converted, x: torch.Tensor) -> dict[str, torch.Tensor]:
    """Every exported layer's PyTorch value (NCHW, or [N, F] in Keras feature order) for input ``x``."""
    by_node = {layer.source.name: layer for layer in converted.layers if layer.source is not None}
    capture = _Capture(gm, set(by_node))
    with torch.no_grad():
        capture.run(x)
    return {by_node[k].name: _keras_layout(by_node[k], v) for k, v in capture.values.items()}


def _keras_layout(layer, v: torch.Tensor) -> torch.Tensor:
    """A PyTorch value in the layout its Keras layer has (NCHW kept for spatial maps)."""
    if layer.flattens_chw is not None:
        return v.reshape(v.shape[0], *layer.flattens_chw).permute(0, 2, 3, 1).reshape(v.shape[0], -1)
    return v.reshape(v.shape[0], -1) if layer.rank == 2 else v


def export(model: nn.Module, out_dir: str, *, input_size: tuple[int, int], model_name: str = 'model',
           float16: bool = False, names: dict[str, str] | None = None, parity_images: np.ndarray | None = None,
           preprocessing: dict | None = None) -> ExportResult:
    """Exports ``model`` (eval mode; takes preprocessed NCHW input) to ``out_dir``.

    ``names`` renames layers (default name → new name). ``preprocessing`` (runtime format, default
    [-1, 1] range) turns ``parity_images`` into the model input for the parity record.
    """
    model = model.eval()
    example = torch.zeros(1, 3, *input_size)
    gm = trace(model, example)
    converted = convert(gm, names)
    model_json = write_layers_model(converted, out_dir, model_name=model_name, float16=float16)
    twin = exported_twin(gm, converted, float16)
    result = ExportResult(out_dir, model_json, converted, gm, twin)
    if parity_images is not None:
        write_parity(result, parity_images, preprocessing or {'kind': 'range', 'min': -1.0, 'max': 1.0}, float16)
    return result


def pixels_to_input(images_u8: np.ndarray, preprocessing: dict) -> torch.Tensor:
    """uint8 NHWC → preprocessed float32 NCHW, in the same float32 operation order as the TF.js test."""
    x = torch.from_numpy(np.ascontiguousarray(images_u8)).float().permute(0, 3, 1, 2) / 255.0
    if preprocessing['kind'] == 'range':
        return x * float(preprocessing['max'] - preprocessing['min']) + float(preprocessing['min'])
    mean = torch.tensor(preprocessing['mean'], dtype=torch.float32).view(1, 3, 1, 1)
    std = torch.tensor(preprocessing['std'], dtype=torch.float32).view(1, 3, 1, 1)
    return (x * float(preprocessing['pixelScale']) - mean) / std


def _b64(a: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode('ascii')


def write_parity(result: ExportResult, images_u8: np.ndarray, preprocessing: dict, float16: bool) -> dict:
    """parity.json: inputs, per-layer activation summaries and logits of the exported twin, plus the original model's logits."""
    x = pixels_to_input(images_u8, preprocessing)
    acts = layer_activations(result.twin, result.converted, x)
    with torch.no_grad():
        original = result.graph(x)
    rng = np.random.RandomState(PARITY_SEED)
    layers = []
    for layer in result.converted.layers:
        if layer.name not in acts or layer.class_name == 'InputLayer':
            continue
        a = acts[layer.name]
        nhwc = (a.permute(0, 2, 3, 1) if a.dim() == 4 else a).numpy().astype(np.float32)
        flat = nhwc.reshape(nhwc.shape[0], -1)
        per_image = flat.shape[1]
        entry = {'name': layer.name, 'shape': list(nhwc.shape[1:]), 'scale': float(np.abs(flat).max())}
        if per_image <= 256:
            entry['values'] = _b64(flat, '<f4')
        else:
            idx = np.sort(rng.choice(per_image, PARITY_SAMPLES, replace=False)).astype(np.int32)
            entry['sampleIndices'] = _b64(idx, '<i4')
            entry['samples'] = _b64(flat[:, idx], '<f4')
            entry['channelMeans'] = _b64(nhwc.reshape(nhwc.shape[0], -1, nhwc.shape[-1]).mean(axis=1), '<f4')
        layers.append(entry)
    out_name = result.converted.output_layers[0]
    parity = {
        'about': 'PyTorch reference for tests/unit/zoo-parity.test.ts; arrays are base64 little-endian, images first',
        'weightsDtype': 'float16' if float16 else 'float32',
        'preprocessing': preprocessing,
        'inputs': {'shape': list(images_u8.shape), 'dtype': 'uint8', 'data': _b64(images_u8, 'u1')},
        'output': out_name,
        'layers': layers,
        # The original (unfolded, float32) model's output: differs from the twin only by folding and rounding.
        'torchOutput': _b64(original.numpy(), '<f4'),
    }
    with open(os.path.join(result.out_dir, 'parity.json'), 'w') as f:
        json.dump(parity, f, separators=(',', ':'))
    return parity


def parity_images_from(data_dir: str | None, size: int, count: int = 2, split: str = 'test') -> np.ndarray:
    """Parity inputs: the first real image(s) of a split when data exists, plus seeded uniform noise."""
    rng = np.random.RandomState(PARITY_SEED)
    images = [rng.randint(0, 256, size=(size, size, 3)).astype(np.uint8) for _ in range(count)]
    path = os.path.join(data_dir, f'{split}.u8') if data_dir else None
    if path and os.path.exists(path):
        real = np.fromfile(path, dtype=np.uint8, count=size * size * 3).reshape(size, size, 3)
        images[0] = real
    return np.stack(images)


def _load_factory(spec: str):
    module, _, fn = spec.partition(':')
    return getattr(importlib.import_module(module), fn)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('checkpoint', help='zoo checkpoint (train.py) or, with --factory, a state_dict file')
    ap.add_argument('out_dir')
    ap.add_argument('--factory', help='module:function returning the nn.Module (generic models)')
    ap.add_argument('--input-size', type=int, help='input height = width (default: the checkpoint\'s)')
    ap.add_argument('--name', help='model name in model.json and descriptor.json')
    ap.add_argument('--float16', action='store_true', help='store weights as float16 (half the size)')
    ap.add_argument('--data', help='dataset dir: parity uses its first test image')
    args = ap.parse_args(argv)

    state = torch.load(args.checkpoint, map_location='cpu')
    if args.factory:
        model = _load_factory(args.factory)()
        model.load_state_dict(state.get('state_dict', state) if isinstance(state, dict) else state)
        size = args.input_size or 224
    else:
        from model import INPUT_SIZE, ZooNet
        model = ZooNet(state['num_classes'])
        model.load_state_dict(state['state_dict'])
        size = args.input_size or INPUT_SIZE
    name = args.name or os.path.basename(os.path.normpath(args.out_dir))
    result = export(model, args.out_dir, input_size=(size, size), model_name=name, float16=args.float16,
                    parity_images=parity_images_from(args.data, size))
    print(f'exported {len(result.layer_names)} layers to {args.out_dir}')


if __name__ == '__main__':
    main()
