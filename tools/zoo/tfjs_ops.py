"""Which PyTorch operation an fx node performs, independent of how it was written.

``nn.ReLU()``, ``F.relu``, ``torch.relu`` and ``x.relu()`` are all ``relu``; the converter works on
these kinds only. To support a new layer type, add its spellings here and a handler in
tfjs_convert.py.
"""
from __future__ import annotations

import operator
from typing import Any

import torch
import torch.fx as fx
import torch.nn as nn
import torch.nn.functional as F

MODULE_KINDS: list[tuple[type, str]] = [
    (nn.Conv2d, 'conv'),
    (nn.BatchNorm2d, 'bn'),
    (nn.BatchNorm1d, 'bn'),
    (nn.ReLU, 'relu'),
    (nn.ReLU6, 'relu6'),
    (nn.LeakyReLU, 'leaky_relu'),
    (nn.Sigmoid, 'sigmoid'),
    (nn.Tanh, 'tanh'),
    (nn.Softmax, 'softmax'),
    (nn.MaxPool2d, 'maxpool'),
    (nn.AvgPool2d, 'avgpool'),
    (nn.AdaptiveAvgPool2d, 'adaptive_avg'),
    (nn.AdaptiveMaxPool2d, 'adaptive_max'),
    (nn.Linear, 'linear'),
    (nn.Flatten, 'flatten'),
    (nn.Dropout, 'identity'),
    (nn.Dropout2d, 'identity'),
    (nn.Identity, 'identity'),
    (nn.ZeroPad2d, 'pad'),
    (nn.ConstantPad2d, 'pad'),
]

FUNCTION_KINDS: dict[Any, str] = {
    F.relu: 'relu', torch.relu: 'relu', torch.relu_: 'relu', F.relu_: 'relu',
    F.relu6: 'relu6', F.leaky_relu: 'leaky_relu',
    torch.sigmoid: 'sigmoid', torch.tanh: 'tanh', F.softmax: 'softmax', torch.softmax: 'softmax',
    torch.cat: 'cat', operator.add: 'add', operator.iadd: 'add', torch.add: 'add',
    torch.flatten: 'flatten', torch.mean: 'mean',
    F.max_pool2d: 'maxpool', F.avg_pool2d: 'avgpool',
    F.adaptive_avg_pool2d: 'adaptive_avg', F.adaptive_max_pool2d: 'adaptive_max',
    F.pad: 'pad', F.dropout: 'identity',
}
if hasattr(torch, 'concat'):
    FUNCTION_KINDS[torch.concat] = 'cat'

METHOD_KINDS: dict[str, str] = {
    'relu': 'relu', 'relu_': 'relu', 'sigmoid': 'sigmoid', 'tanh': 'tanh', 'softmax': 'softmax',
    'flatten': 'flatten', 'view': 'flatten', 'reshape': 'flatten', 'mean': 'mean',
    'add': 'add', 'add_': 'add', 'contiguous': 'identity', 'clone': 'identity',
}

# Activations a Conv2D or Dense can absorb, as Keras activation strings.
FUSABLE_ACTIVATIONS = {'relu': 'relu', 'relu6': 'relu6'}
# Element-wise ops that keep a tensor's layout (and so its bookkeeping flags).
ELEMENTWISE = {'relu', 'relu6', 'leaky_relu', 'sigmoid', 'tanh', 'identity'}
NONNEGATIVE = {'relu', 'relu6', 'sigmoid'}


def module_of(gm: fx.GraphModule, node: fx.Node) -> nn.Module:
    return gm.get_submodule(str(node.target))


def kind_of(gm: fx.GraphModule, node: fx.Node) -> str | None:
    if node.op == 'call_module':
        module = module_of(gm, node)
        if isinstance(module, nn.Hardtanh) and module.min_val == 0 and module.max_val == 6:
            return 'relu6'
        for cls, kind in MODULE_KINDS:
            if type(module) is cls:
                return kind
        return None
    if node.op == 'call_function':
        if node.target is F.hardtanh and arg(node, 1, 'min_val', -1.0) == 0 and arg(node, 2, 'max_val', 1.0) == 6:
            return 'relu6'
        return FUNCTION_KINDS.get(node.target)
    if node.op == 'call_method':
        return METHOD_KINDS.get(str(node.target))
    return None


def arg(node: fx.Node, index: int, name: str, default: Any = None) -> Any:
    """A call's argument by position or keyword."""
    if len(node.args) > index:
        return node.args[index]
    return node.kwargs.get(name, default)


def pair(value: Any) -> tuple[int, int]:
    if isinstance(value, int):
        return value, value
    value = tuple(value)
    return (value[0], value[0]) if len(value) == 1 else (value[0], value[1])


def pool_params(gm: fx.GraphModule, node: fx.Node) -> dict:
    """Kernel, stride, padding and flags of a max/avg pool, from a module or a functional call."""
    if node.op == 'call_module':
        m = module_of(gm, node)
        p = dict(kernel=m.kernel_size, stride=m.stride, padding=m.padding, ceil_mode=m.ceil_mode,
                 dilation=getattr(m, 'dilation', 1), count_include_pad=getattr(m, 'count_include_pad', True),
                 return_indices=getattr(m, 'return_indices', False), divisor_override=getattr(m, 'divisor_override', None))
    elif node.target is F.max_pool2d:
        p = dict(kernel=arg(node, 1, 'kernel_size'), stride=arg(node, 2, 'stride'), padding=arg(node, 3, 'padding', 0),
                 dilation=arg(node, 4, 'dilation', 1), ceil_mode=arg(node, 5, 'ceil_mode', False),
                 return_indices=arg(node, 6, 'return_indices', False), count_include_pad=True, divisor_override=None)
    else:
        p = dict(kernel=arg(node, 1, 'kernel_size'), stride=arg(node, 2, 'stride'), padding=arg(node, 3, 'padding', 0),
                 ceil_mode=arg(node, 4, 'ceil_mode', False), count_include_pad=arg(node, 5, 'count_include_pad', True),
                 divisor_override=arg(node, 6, 'divisor_override', None), dilation=1, return_indices=False)
    p['kernel'] = pair(p['kernel'])
    p['stride'] = pair(p['stride']) if p['stride'] not in (None, []) else p['kernel']
    p['padding'] = pair(p['padding'])
    p['dilation'] = pair(p['dilation'])
    return p


def pad_amounts(gm: fx.GraphModule, node: fx.Node) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right) of a constant-zero 2-D pad, or None for any other padding."""
    if node.op == 'call_module':
        m = module_of(gm, node)
        value, pads = getattr(m, 'value', 0.0), m.padding
    else:
        if arg(node, 2, 'mode', 'constant') != 'constant':
            return None
        value, pads = arg(node, 3, 'value', 0.0) or 0.0, arg(node, 1, 'pad')
    if value != 0 or len(pads) != 4:
        return None
    left, right, top, bottom = pads
    return top, bottom, left, right
