"""A small, independent reading of an exported model.json with TF/Keras semantics, in PyTorch ops.

It exists so that the exporter can be tested in pure Python (test_export.py): it implements TF's
'same' padding, its pooling rules (max ignores padding, average divides by the in-bounds count),
NHWC flattening and HWIO kernels from the Keras documentation, not from the exporter's code.
The definitive check against TF.js itself is tests/unit/zoo-parity.test.ts.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from tfjs_padding import tf_same
from tfjs_write import read_layers_model


def _same_pads(x: torch.Tensor, kernel, strides, dilation=(1, 1)) -> tuple[int, int, int, int]:
    h, w = x.shape[2:]
    _, top, bottom = tf_same(h, dilation[0] * (kernel[0] - 1) + 1, strides[0])
    _, left, right = tf_same(w, dilation[1] * (kernel[1] - 1) + 1, strides[1])
    return left, right, top, bottom


def _activation(x: torch.Tensor, name: str) -> torch.Tensor:
    return {
        'linear': lambda t: t, 'relu': F.relu, 'relu6': lambda t: t.clamp(0, 6), 'sigmoid': torch.sigmoid,
        'tanh': torch.tanh, 'softmax': lambda t: F.softmax(t, dim=-1),
    }[name](x)


class KerasReference:
    """Runs an exported model; tensors are NCHW (spatial) or [N, F], activations keyed by layer name."""

    def __init__(self, model_dir: str) -> None:
        model_json, weights = read_layers_model(model_dir)
        self.config = model_json['modelTopology']['config']
        self.w = {k: torch.from_numpy(v.copy()) for k, v in weights.items()}
        self.layer_names = [layer['name'] for layer in self.config['layers']]

    def run(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        values: dict[str, torch.Tensor] = {}
        for layer in self.config['layers']:
            inputs = [values[node[0]] for node in layer['inbound_nodes'][0]] if layer['inbound_nodes'] else [x]
            values[layer['name']] = self.apply(layer['class_name'], layer['config'], layer['name'], inputs)
        return values

    def apply(self, cls: str, cfg: dict, name: str, inputs: list[torch.Tensor]) -> torch.Tensor:
        x = inputs[0]
        w = lambda suffix: self.w[f'{name}/{suffix}']  # noqa: E731
        if cls == 'InputLayer':
            return x
        if cls == 'ZeroPadding2D':
            (t, b), (l, r) = cfg['padding']
            return F.pad(x, (l, r, t, b))
        if cls in ('Conv2D', 'DepthwiseConv2D'):
            if cfg['padding'] == 'same':
                x = F.pad(x, _same_pads(x, cfg['kernel_size'], cfg['strides'], cfg['dilation_rate']))
            if cls == 'Conv2D':
                kernel, groups = w('kernel').permute(3, 2, 0, 1), 1
            else:
                k = w('depthwise_kernel')  # [kh, kw, C, m] → [C·m, 1, kh, kw]
                kernel, groups = k.permute(2, 3, 0, 1).reshape(-1, 1, k.shape[0], k.shape[1]), k.shape[2]
            y = F.conv2d(x, kernel, w('bias'), stride=cfg['strides'], dilation=cfg['dilation_rate'], groups=groups)
            return _activation(y, cfg['activation'])
        if cls == 'MaxPooling2D':
            if cfg['padding'] == 'same':
                x = F.pad(x, _same_pads(x, cfg['pool_size'], cfg['strides']), value=float('-inf'))
            return F.max_pool2d(x, cfg['pool_size'], cfg['strides'])
        if cls == 'AveragePooling2D':
            if cfg['padding'] == 'valid':
                return F.avg_pool2d(x, cfg['pool_size'], cfg['strides'])
            pads = _same_pads(x, cfg['pool_size'], cfg['strides'])
            total = F.avg_pool2d(F.pad(x, pads), cfg['pool_size'], cfg['strides'], divisor_override=1)
            count = F.avg_pool2d(F.pad(torch.ones_like(x[:, :1]), pads), cfg['pool_size'], cfg['strides'], divisor_override=1)
            return total / count
        if cls == 'Concatenate':
            return torch.cat(inputs, dim=1)
        if cls == 'Add':
            return inputs[0] + inputs[1]
        if cls == 'GlobalAveragePooling2D':
            return x.mean(dim=(2, 3))
        if cls == 'GlobalMaxPooling2D':
            return x.amax(dim=(2, 3))
        if cls == 'Flatten':
            return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)  # Keras flattens NHWC
        if cls == 'Dense':
            return _activation(x @ w('kernel') + w('bias'), cfg['activation'])
        if cls == 'Activation':
            return _activation(x, cfg['activation'])
        if cls == 'ReLU':
            return x.clamp(0, cfg['max_value']) if cfg.get('max_value') is not None else F.relu(x)
        if cls == 'LeakyReLU':
            return F.leaky_relu(x, cfg['alpha'])
        if cls == 'BatchNormalization':
            shape = (1, -1, 1, 1) if x.dim() == 4 else (1, -1)
            scale = w('gamma') / torch.sqrt(w('moving_variance') + cfg['epsilon'])
            return (x - w('moving_mean').view(shape)) * scale.view(shape) + w('beta').view(shape)
        raise NotImplementedError(cls)


def to_nhwc(t: torch.Tensor) -> np.ndarray:
    return (t.permute(0, 2, 3, 1) if t.dim() == 4 else t).detach().numpy()
