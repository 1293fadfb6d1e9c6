#!/usr/bin/env python3
"""Unit tests of the PyTorch → TF.js exporter, in pure Python (run: /usr/bin/python3 tools/zoo/test_export.py).

Each exported model is read back by keras_reference.py (TF semantics, written from the Keras
docs) and compared with the original PyTorch model at every layer. ``--write-fixtures`` also
exports the test models with parity.json into tests/fixtures/zoo-exporter/, which
tests/unit/zoo-parity.test.ts checks against real TF.js.
"""
from __future__ import annotations

import os
import sys
import tempfile
import unittest

# Before torch loads OpenMP (see train.py).
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from export_tfjs import export, layer_activations  # noqa: E402
from keras_reference import KerasReference  # noqa: E402
from model import ZooNet  # noqa: E402
from tfjs_convert import UnsupportedError  # noqa: E402
from tfjs_padding import plan, tf_same  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
FIXTURES = os.path.join(ROOT, 'tests', 'fixtures', 'zoo-exporter')
TOL = 1e-5  # float32, relative to max(1, |activation|max): only summation order and folding differ


def randomise_bn(model: nn.Module, seed: int = 0) -> nn.Module:
    """Non-trivial BatchNorm statistics, so that folding is actually tested."""
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm2d, nn.BatchNorm1d)):
            n = m.num_features
            m.running_mean.copy_(torch.rand(n, generator=g) - 0.5)
            m.running_var.copy_(torch.rand(n, generator=g) * 1.5 + 0.5)
            if m.affine:
                m.weight.data.copy_(torch.rand(n, generator=g) + 0.5)
                m.bias.data.copy_(torch.rand(n, generator=g) * 0.4 - 0.2)
    return model.eval()


class LayerZoo(nn.Module):
    """Every supported layer type, with padding cases where PyTorch and TF 'same' disagree (20 x 20 input)."""

    def __init__(self) -> None:
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, stride=2, padding=1)  # 20 → 10, PyTorch pads (1, 1), TF 'same' (0, 1)
        self.stem_bn = nn.BatchNorm2d(8)
        self.pad = nn.ZeroPad2d((0, 1, 0, 1))  # + a valid 3x3/2: exactly TF 'same' → folded
        self.down = nn.Conv2d(8, 8, 3, stride=2)  # 10 → 5
        self.dw = nn.Conv2d(8, 16, 3, padding=1, groups=8)  # depthwise, multiplier 2
        self.dw_bn = nn.BatchNorm2d(16)
        self.proj = nn.Conv2d(16, 8, 1, bias=False)
        self.post_bn = nn.BatchNorm2d(8)  # standalone (after an Add): BatchNormalization layer
        self.leaky = nn.LeakyReLU(0.2)
        self.pool_pad = nn.MaxPool2d(3, stride=2, padding=1)  # 10 → 5 on a ReLU output: explicit zeros are exact
        self.pool_same = nn.MaxPool2d(3, stride=2, padding=1)  # 5 → 3: odd input, TF 'same'
        self.avg_incl = nn.AvgPool2d(3, stride=1, padding=1)  # count_include_pad: explicit zeros
        self.avg_excl = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)  # TF 'same'
        self.avg_ceil = nn.AvgPool2d(2, stride=2, ceil_mode=True)  # 5 → 3
        self.dil = nn.Conv2d(8, 4, 3, padding=2, dilation=2)
        self.drop = nn.Dropout(0.5)
        self.fc1 = nn.Linear(16 * 3 * 3, 12)  # after flattening a 3x3 map: NCHW vs NHWC feature order
        self.fc_g = nn.Linear(4, 12)
        self.fc2 = nn.Linear(12, 12)
        self.fc3 = nn.Linear(12, 5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        s = F.relu(self.stem_bn(self.stem(x)))  # 20 → 10, explicit padding
        x = self.down(self.pad(s)) + self.pool_pad(s)  # 10 → 5, 'same' / explicit padding
        y = F.relu6(self.dw_bn(self.dw(x)))  # depthwise 8 → 16
        x = self.leaky(self.post_bn(self.proj(y) + x))  # Add, standalone BN, LeakyReLU
        a = torch.sigmoid(self.avg_incl(x)) + torch.tanh(self.avg_excl(x))
        b = self.pool_same(F.relu(x))
        c = self.avg_ceil(a)  # 5 → 3
        m = self.drop(torch.cat([b, c], dim=1))
        g = self.dil(x).mean(dim=(2, 3))  # global average pooling by mean
        h = F.relu(self.fc1(torch.flatten(m, 1)) + self.fc_g(g))
        return F.softmax(self.fc3(F.relu(self.fc2(h))), dim=1)


class Residual(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(4, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(self.bn(self.conv(x)) + x)


class SequentialNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), Residual(),
                                      nn.AdaptiveAvgPool2d(1))
        self.head = nn.Linear(4, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        return self.head(x.view(x.size(0), -1))


def compare(model: nn.Module, out_dir: str, size: int, **kwargs) -> tuple[float, object]:
    """Exports, reads back with keras_reference and returns the worst relative error over all layers."""
    result = export(model, out_dir, input_size=(size, size), **kwargs)
    x = torch.randn(3, 3, size, size, generator=torch.Generator().manual_seed(1))
    torch_acts = layer_activations(result.graph, result.converted, x)
    keras_acts = KerasReference(out_dir).run(x)
    worst = 0.0
    for name, t in torch_acts.items():
        k = keras_acts[name]
        assert tuple(k.shape) == tuple(t.shape), (name, k.shape, t.shape)
        worst = max(worst, float((k - t).abs().max()) / max(1.0, float(t.abs().max())))
    return worst, result


class ExporterTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        torch.manual_seed(0)

    def tearDown(self) -> None:
        self.tmp.cleanup()

    def out(self, name: str) -> str:
        return os.path.join(self.tmp.name, name)

    def test_tf_same_padding_formula(self) -> None:
        self.assertEqual(tf_same(112, 7, 2), (56, 2, 3))
        self.assertEqual(tf_same(56, 3, 2), (28, 0, 1))
        self.assertEqual(tf_same(15, 3, 2), (8, 1, 1))
        self.assertEqual(tf_same(14, 3, 1), (14, 1, 1))
        self.assertEqual(tf_same(5, 1, 1), (5, 0, 0))

    def test_padding_plans(self) -> None:
        # stride-2 3x3 on an even input: PyTorch's symmetric padding 1 starts a pixel earlier than TF 'same'
        self.assertEqual(plan((16, 16), (8, 8), (3, 3), (2, 2), (1, 1, 1, 1)).explicit, [[1, 1], [1, 1]])
        self.assertEqual(plan((16, 16), (8, 8), (3, 3), (2, 2), (0, 1, 0, 1)).mode, 'same')
        self.assertEqual(plan((15, 15), (8, 8), (3, 3), (2, 2), (1, 1, 1, 1)).mode, 'same')
        self.assertEqual(plan((112, 112), (56, 56), (7, 7), (2, 2), (3, 3, 3, 3)).explicit, [[3, 3], [3, 3]])
        self.assertEqual(plan((112, 112), (56, 56), (7, 7), (2, 2), (2, 3, 2, 3)).mode, 'same')
        # ceil_mode max pool 56 → 28 with no padding is TF 'same'
        self.assertEqual(plan((56, 56), (28, 28), (3, 3), (2, 2), (0, 0, 0, 0), windows_may_overhang=True).mode, 'same')

    def test_zoonet_names_folding_and_values(self) -> None:
        worst, result = compare(randomise_bn(ZooNet(10)), self.out('zoo'), 112)
        self.assertLess(worst, TOL)
        names = result.layer_names
        self.assertEqual(names[:6], ['input', 'conv2d0', 'maxpool0', 'conv2d1', 'conv2d2', 'maxpool1'])
        self.assertEqual(names[6:14], ['mixed3a_1x1', 'mixed3a_3x3_reduce', 'mixed3a_3x3', 'mixed3a_5x5_reduce',
                                       'mixed3a_5x5', 'mixed3a_pool', 'mixed3a_pool_proj', 'mixed3a'])
        self.assertEqual(names[-3:], ['mixed4c', 'avgpool0', 'logits'])
        classes = {layer.class_name for layer in result.converted.layers}
        self.assertEqual(classes, {'InputLayer', 'Conv2D', 'MaxPooling2D', 'Concatenate', 'GlobalAveragePooling2D', 'Dense'})
        by_name = {layer.name: layer for layer in result.converted.layers}
        self.assertEqual(by_name['conv2d0'].config['padding'], 'same')  # asymmetric stride-2 pad folded away
        self.assertEqual(by_name['conv2d0'].config['strides'], [2, 2])
        self.assertEqual(by_name['conv2d0'].config['activation'], 'relu')
        self.assertEqual(by_name['maxpool0'].config['padding'], 'same')
        self.assertEqual(by_name['mixed3a'].inbound, ['mixed3a_1x1', 'mixed3a_3x3', 'mixed3a_5x5', 'mixed3a_pool_proj'])
        # all parameters but BatchNorm's are exported once; BN adds nothing but a bias per bias-free conv
        exported = sum(w.size for layer in result.converted.layers for _, w in layer.weights)
        net = ZooNet(10)
        bn = sum(p.numel() for m in net.modules() if isinstance(m, nn.BatchNorm2d) for p in m.parameters())
        self.assertEqual(exported, sum(p.numel() for p in net.parameters()) - bn // 2)

    def test_every_layer_type(self) -> None:
        worst, result = compare(randomise_bn(LayerZoo()), self.out('zoo'), 20)
        self.assertLess(worst, TOL)
        by_name = {layer.name: layer for layer in result.converted.layers}
        self.assertEqual(by_name['stem_pad'].config['padding'], [[1, 1], [1, 1]])
        self.assertEqual(by_name['stem'].config['padding'], 'valid')
        self.assertEqual(by_name['down'].config['padding'], 'same')
        self.assertNotIn('pad', by_name)  # the ZeroPad2d was folded into 'down'
        self.assertEqual(by_name['dw'].class_name, 'DepthwiseConv2D')
        self.assertEqual(by_name['dw'].config['activation'], 'relu6')
        self.assertEqual(by_name['post_bn'].class_name, 'BatchNormalization')
        self.assertEqual(by_name['pool_pad_pad'].config['padding'], [[1, 1], [1, 1]])
        self.assertEqual(by_name['pool_same'].config['padding'], 'same')
        self.assertEqual(by_name['flatten'].class_name, 'Flatten')
        self.assertEqual(by_name['avg_incl_pad'].config['padding'], [[1, 1], [1, 1]])
        self.assertEqual(by_name['avg_excl'].config['padding'], 'same')
        self.assertEqual(by_name['avg_ceil'].config['padding'], 'same')
        self.assertEqual(by_name['dil'].config['dilation_rate'], [2, 2])
        self.assertEqual(by_name['fc2'].config['activation'], 'relu')
        self.assertEqual(by_name['fc1'].config['activation'], 'linear')  # its ReLU follows an Add
        classes = {layer.class_name for layer in result.converted.layers}
        for cls in ['ZeroPadding2D', 'DepthwiseConv2D', 'Add', 'BatchNormalization', 'LeakyReLU', 'AveragePooling2D',
                    'Activation', 'Flatten', 'GlobalAveragePooling2D', 'Concatenate', 'Dense']:
            self.assertIn(cls, classes)

    def test_sequential_and_residual_names(self) -> None:
        worst, result = compare(randomise_bn(SequentialNet()), self.out('seq'), 8, names={'head': 'logits'})
        self.assertLess(worst, TOL)
        self.assertEqual(result.layer_names, ['input', 'features_0', 'features_3_conv', 'features_3_add', 'features_3',
                                              'features_4', 'logits'])

    def test_float16(self) -> None:
        net = randomise_bn(ZooNet(10))
        _, r32 = compare(net, self.out('f32'), 112)
        worst16, r16 = compare(net, self.out('f16'), 112, float16=True)
        size = lambda d: os.path.getsize(os.path.join(d, 'group1-shard1of1.bin'))  # noqa: E731
        self.assertEqual(size(self.out('f16')) * 2, size(self.out('f32')))
        # against the twin that holds the rounded weights, float16 export is exact up to float32 sums
        x = torch.randn(2, 3, 112, 112, generator=torch.Generator().manual_seed(2))
        twin = layer_activations(r16.twin, r16.converted, x)
        ref = KerasReference(self.out('f16')).run(x)
        self.assertLess(max(float((twin[k] - ref[k]).abs().max()) / max(1, float(twin[k].abs().max())) for k in twin), TOL)
        # against the float32 original only by rounding: a small, stated bound
        self.assertLess(worst16, 5e-3)
        self.assertGreater(worst16, TOL)  # and the rounding is real

    def test_unsupported(self) -> None:
        cases = {
            'grouped conv': nn.Conv2d(4, 4, 3, groups=2),
            'scalar multiply': Scale(),
            'max pool padding on a signed input': nn.MaxPool2d(3, 2, padding=1),
            'reflect padding': nn.Conv2d(4, 4, 3, padding=1, padding_mode='reflect'),
            'average pool with ceil_mode and counted padding': nn.AvgPool2d(3, 2, padding=1, ceil_mode=True),
        }
        for label, inner in cases.items():
            with self.subTest(label), self.assertRaises(UnsupportedError):
                export(AfterConv(inner).eval(), self.out('unsupported'), input_size=(8, 8))


class Scale(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * 2


class AfterConv(nn.Module):
    """``inner`` applied to a (signed) 4-channel conv output."""

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 1)
        self.inner = inner

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.inner(self.conv(x))


def write_fixtures() -> None:
    """Exported test models + parity.json for tests/unit/zoo-parity.test.ts (small: a few tens of KB)."""
    torch.manual_seed(0)
    images = np.random.RandomState(3).randint(0, 256, size=(2, 20, 20, 3)).astype(np.uint8)
    for name, float16 in [('layer-types', False), ('layer-types-float16', True)]:
        export(randomise_bn(LayerZoo()), os.path.join(FIXTURES, name), input_size=(20, 20), model_name=name,
               float16=float16, parity_images=images)
    print(f'wrote fixtures to {FIXTURES}')


if __name__ == '__main__':
    if '--write-fixtures' in sys.argv:
        sys.argv.remove('--write-fixtures')
        write_fixtures()
    unittest.main()
