"""ZooNet: a small Inception-style CNN with GoogLeNet's stage names.

The layer names are the contract with the browser: the exporter (export_tfjs.py) turns every
ConvUnit into one Conv2D named after the unit (``conv2d0``, ``mixed3a_3x3_reduce``, ...), every
Mixed block's concatenation into a Concatenate named after the block (``mixed3a``), and keeps the
pooling layers' names, so the paper's layer-wise views and mixing sliders apply one-to-one.

Input: an image already preprocessed to [-1, 1] (see ``PREPROCESSING``), NCHW, 112 x 112.
``PixelModel`` wraps a net so that it takes pixels in [0, 1]; PGD works on that wrapper, so an
attack's epsilon is in pixel units exactly as the browser runtime's attack uses it.

Padding is chosen so that PyTorch and TF 'same' agree exactly (the exporter checks it):
stride-1 convolutions/pools pad (k - 1) / 2 on each side; the stride-2 7x7 conv pads (2, 3)
asymmetrically through an explicit ZeroPad2d, as TF does for an even input; stride-2 max pools
use ``ceil_mode=True`` with no padding, which is TF's (0, 1) padding for an even input.
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

INPUT_SIZE = 112
# In the model runtime's format (packages/model-runtime/src/types.ts, Preprocessing).
PREPROCESSING = {'kind': 'range', 'min': -1.0, 'max': 1.0}


def preprocess(pixels: torch.Tensor) -> torch.Tensor:
    """Pixels in [0, 1] → network input in [-1, 1]."""
    return pixels * 2.0 - 1.0


class ConvUnit(nn.Module):
    """Conv → BatchNorm → ReLU; exported as a single Conv2D (BN folded, ReLU fused) named after the unit."""

    def __init__(self, cin: int, cout: int, k: int, stride: int = 1, tf_same_stride2: bool = False):
        super().__init__()
        # Stride 2 on an even input: TF 'same' pads total k - 2, less at the top/left.
        self.pad = nn.ZeroPad2d(((k - 2) // 2, (k - 1) // 2, (k - 2) // 2, (k - 1) // 2)) if tf_same_stride2 else None
        self.conv = nn.Conv2d(cin, cout, k, stride=stride, padding=0 if tf_same_stride2 else k // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.pad is not None:
            x = self.pad(x)
        return F.relu(self.bn(self.conv(x)))


class Mixed(nn.Module):
    """An Inception block: 1x1 | 3x3-reduce → 3x3 | 5x5-reduce → 5x5 | 3x3 max pool → pool-proj."""

    def __init__(self, cin: int, c1x1: int, c3x3r: int, c3x3: int, c5x5r: int, c5x5: int, cpool: int):
        super().__init__()
        # Submodule names become the exported names' suffixes: mixed3a.3x3_reduce → mixed3a_3x3_reduce
        # (names may start with a digit as submodules, not as attributes; hence add_module).
        for name, module in [
            ('1x1', ConvUnit(cin, c1x1, 1)),
            ('3x3_reduce', ConvUnit(cin, c3x3r, 1)),
            ('3x3', ConvUnit(c3x3r, c3x3, 3)),
            ('5x5_reduce', ConvUnit(cin, c5x5r, 1)),
            ('5x5', ConvUnit(c5x5r, c5x5, 5)),
            ('pool', nn.MaxPool2d(3, stride=1, padding=1)),
            ('pool_proj', ConvUnit(cin, cpool, 1)),
        ]:
            self.add_module(name, module)
        self.out_channels = c1x1 + c3x3 + c5x5 + cpool

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b = self._modules
        return torch.cat([
            b['1x1'](x),
            b['3x3'](b['3x3_reduce'](x)),
            b['5x5'](b['5x5_reduce'](x)),
            b['pool_proj'](b['pool'](x)),
        ], dim=1)


# (name, c1x1, c3x3_reduce, c3x3, c5x5_reduce, c5x5, pool_proj); a max pool precedes mixed4a.
MIXED_SPECS = [
    ('mixed3a', 32, 32, 48, 8, 16, 16),
    ('mixed3b', 48, 48, 64, 12, 24, 24),
    ('mixed4a', 64, 48, 72, 12, 24, 32),
    ('mixed4b', 64, 48, 72, 12, 24, 32),
    ('mixed4c', 64, 48, 72, 12, 24, 32),
]

# Blocks in order from the input, as the browser groups them (mixing sliders, layer views).
BLOCKS = ['conv2d0', 'maxpool0', 'conv2d1', 'conv2d2', 'maxpool1', 'mixed3a', 'mixed3b', 'maxpool4',
          'mixed4a', 'mixed4b', 'mixed4c', 'avgpool0', 'logits']


class ZooNet(nn.Module):
    """~300k parameters; 112 px input in [-1, 1] → logits."""

    def __init__(self, num_classes: int):
        super().__init__()
        self.conv2d0 = ConvUnit(3, 32, 7, stride=2, tf_same_stride2=True)  # 56
        self.maxpool0 = nn.MaxPool2d(3, stride=2, ceil_mode=True)  # 28
        self.conv2d1 = ConvUnit(32, 32, 1)
        self.conv2d2 = ConvUnit(32, 64, 3)
        self.maxpool1 = nn.MaxPool2d(3, stride=2, ceil_mode=True)  # 14
        cin = 64
        for name, *spec in MIXED_SPECS:
            if name == 'mixed4a':
                self.maxpool4 = nn.MaxPool2d(3, stride=2, ceil_mode=True)  # 7
            block = Mixed(cin, *spec)
            self.add_module(name, block)
            cin = block.out_channels
        self.avgpool0 = nn.AdaptiveAvgPool2d(1)
        self.logits = nn.Linear(cin, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.maxpool0(self.conv2d0(x))
        x = self.maxpool1(self.conv2d2(self.conv2d1(x)))
        x = self.mixed3b(self.mixed3a(x))
        x = self.maxpool4(x)
        x = self.mixed4c(self.mixed4b(self.mixed4a(x)))
        return self.logits(torch.flatten(self.avgpool0(x), 1))


class PixelModel(nn.Module):
    """Pixels in [0, 1] → logits: preprocessing inside the forward, so gradients and PGD live in pixel space."""

    def __init__(self, net: nn.Module):
        super().__init__()
        self.net = net

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        return self.net(preprocess(pixels))


def block_of(param_name: str) -> str:
    """The block a state-dict entry belongs to (``mixed3a.branches.3x3.conv.weight`` → ``mixed3a``)."""
    return param_name.split('.', 1)[0]


def mix_state_dicts(early: dict, late: dict, first_late_block: str) -> dict:
    """Weights of blocks before ``first_late_block`` from ``early``, the rest from ``late`` (BN statistics included)."""
    cut = BLOCKS.index(first_late_block)
    return {k: (early[k] if BLOCKS.index(block_of(k)) < cut else late[k]) for k in early}


def count_parameters(net: nn.Module) -> int:
    return sum(p.numel() for p in net.parameters())


if __name__ == '__main__':
    net = ZooNet(10)
    print(f'{count_parameters(net):,} parameters')
    out = net(torch.zeros(2, 3, INPUT_SIZE, INPUT_SIZE))
    print('output', tuple(out.shape))
