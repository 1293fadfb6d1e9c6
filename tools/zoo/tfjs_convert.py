"""fx graph → a list of Keras layers (TF.js layers format), weights in NHWC/HWIO, BatchNorm folded.

Every fx node becomes at most one Keras layer, except that a zero pad feeding a convolution, the
BatchNorm after a convolution and a ReLU/ReLU6 after either are folded into the convolution (or
Dense). Folding BN: ``w' = w · γ/√(σ²+ε)`` per output channel, ``b' = (b − μ) · γ/√(σ²+ε) + β``,
computed in float64. See tfjs_ops.py for the supported operations.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch
import torch.fx as fx
import torch.nn as nn

from tfjs_ops import ELEMENTWISE, FUSABLE_ACTIVATIONS, NONNEGATIVE, arg, kind_of, module_of, pad_amounts, pool_params
from tfjs_padding import PaddingPlan, plan
from tfjs_trace import Namer, is_op, is_tensor, shape_of


class UnsupportedError(ValueError):
    pass


@dataclass
class KerasLayer:
    name: str
    class_name: str
    config: dict
    inbound: list[str]
    weights: list[tuple[str, np.ndarray]] = field(default_factory=list)
    # The fx node whose (NCHW) value this layer outputs; None for helper layers such as padding.
    source: fx.Node | None = None
    # 4 (NHWC) or 2 ([N, F]); PyTorch may still hold [N, C, 1, 1] where Keras has [N, C].
    rank: int = 4
    # A Flatten of a (C, H, W) map: its features are in NHWC order in Keras, NCHW order in PyTorch.
    flattens_chw: tuple[int, int, int] | None = None


@dataclass
class TensorRef:
    """What a PyTorch value is on the Keras side."""
    layer: str
    rank: int
    nonneg: bool = False
    # Keras flattened an NHWC map whose PyTorch flatten is NCHW: (C, H, W) for the next Dense to permute.
    flatten_chw: tuple[int, int, int] | None = None
    # PyTorch keeps [N, C, 1, 1] where Keras already has [N, C] (after a global pool).
    unit_spatial: bool = False


@dataclass
class FoldedConv:
    """A conv whose BatchNorm was folded: what the exported weights mean in PyTorch terms (for parity twins)."""
    conv_path: str
    bn_path: str | None
    weight_oihw: np.ndarray
    bias: np.ndarray


@dataclass
class Converted:
    layers: list[KerasLayer]
    input_layers: list[str]
    output_layers: list[str]
    folds: list[FoldedConv]


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().double().numpy()


class Converter:
    def __init__(self, gm: fx.GraphModule, names: dict[str, str] | None = None) -> None:
        self.gm = gm
        self.namer = Namer(gm, names)
        self.layers: list[KerasLayer] = []
        self.refs: dict[fx.Node, TensorRef] = {}
        self.done: set[fx.Node] = set()
        self.folds: list[FoldedConv] = []
        self.inputs: list[str] = []
        self.outputs: list[str] = []

    # -- helpers ---------------------------------------------------------------------------
    def kind(self, node: fx.Node) -> str | None:
        return kind_of(self.gm, node)

    def ref(self, node: fx.Node) -> TensorRef:
        if node not in self.refs:
            raise UnsupportedError(f'{node.format_node()}: input was not converted')
        return self.refs[node]

    def only_user(self, node: fx.Node, kinds: set[str]) -> fx.Node | None:
        users = list(node.users)
        if len(users) == 1 and self.kind(users[0]) in kinds and users[0].args[0] is node:
            return users[0]
        return None

    def add(self, group: list[fx.Node], class_name: str, config: dict, inbound: list[str], weights=(),
            ref: dict | None = None, name: str | None = None) -> KerasLayer:
        name = name or self.namer.name(group)
        base = {'name': name, 'dtype': 'float32'} if class_name == 'InputLayer' else {'name': name, 'trainable': True, 'dtype': 'float32'}
        layer = KerasLayer(name, class_name, {**base, **config}, inbound, list(weights), group[-1] if group else None)
        self.layers.append(layer)
        if group:
            self.refs[group[-1]] = TensorRef(name, **(ref or {'rank': len(shape_of(group[-1]))}))
            self.done.update(group)
            layer.rank = self.refs[group[-1]].rank
        return layer

    def alias(self, node: fx.Node, source: fx.Node, **changes) -> None:
        base = self.ref(source)
        self.refs[node] = TensorRef(**{**base.__dict__, **changes})
        self.done.add(node)

    def spatial_input(self, node: fx.Node, x: fx.Node) -> TensorRef:
        r = self.ref(x)
        if r.rank != 4 or r.unit_spatial:
            raise UnsupportedError(f'{node.format_node()}: needs a spatial [N, C, H, W] input')
        return r

    def fuse_activation(self, node: fx.Node) -> tuple[str, fx.Node | None]:
        user = self.only_user(node, set(FUSABLE_ACTIVATIONS))
        return (FUSABLE_ACTIVATIONS[self.kind(user)], user) if user is not None else ('linear', None)

    # -- driver ----------------------------------------------------------------------------
    def run(self) -> Converted:
        for node in self.gm.graph.nodes:
            if node in self.done:
                continue
            if node.op == 'placeholder':
                self.convert_input(node)
            elif node.op == 'output':
                self.convert_output(node)
            elif node.op == 'get_attr':
                raise UnsupportedError(f'{node.format_node()}: parameters used outside modules are not supported')
            elif is_op(node) and not is_tensor(node):
                continue  # x.size(0) and friends: only shape bookkeeping for view/reshape
            else:
                kind = self.kind(node)
                handler = getattr(self, f'convert_{kind}', None) if kind else None
                if handler is None:
                    raise UnsupportedError(f'{node.format_node()}: no TF.js equivalent (see README: adding a layer type)')
                handler(node)
        return Converted(self.layers, self.inputs, self.outputs, self.folds)

    def convert_input(self, node: fx.Node) -> None:
        shape = shape_of(node)
        if shape is None or len(shape) != 4:
            raise UnsupportedError('the model must take one [N, C, H, W] image tensor')
        _, c, h, w = shape
        self.add([node], 'InputLayer', {'batch_input_shape': [None, h, w, c], 'sparse': False}, [], name=self.namer.unique('input'))
        self.inputs.append(self.layers[-1].name)

    def convert_output(self, node: fx.Node) -> None:
        outs = node.args[0] if isinstance(node.args[0], (tuple, list)) else [node.args[0]]
        for out in outs:
            r = self.ref(out)
            if r.flatten_chw or r.unit_spatial:
                raise UnsupportedError('a flattened spatial map or [N, C, 1, 1] as model output has a different layout in TF.js')
            self.outputs.append(r.layer)

    # -- layers with weights ---------------------------------------------------------------
    def convert_pad(self, node: fx.Node) -> None:
        pads = pad_amounts(self.gm, node)
        user = self.only_user(node, {'conv'})
        if pads is None:
            raise UnsupportedError(f'{node.format_node()}: only constant zero padding of H and W is supported')
        if user is not None:
            return  # merged into the convolution
        t, b, l, r = pads
        src = self.spatial_input(node, node.args[0])
        self.add([node], 'ZeroPadding2D', {'padding': [[t, b], [l, r]], 'data_format': 'channels_last'}, [src.layer],
                 ref={'rank': 4, 'nonneg': src.nonneg})

    def convert_conv(self, node: fx.Node) -> None:
        conv: nn.Conv2d = module_of(self.gm, node)
        if conv.padding_mode != 'zeros':
            raise UnsupportedError(f'{node.target}: padding_mode {conv.padding_mode!r}')
        x, group = node.args[0], [node]
        if isinstance(conv.padding, str):
            kh, kw = [conv.dilation[i] * (conv.kernel_size[i] - 1) for i in range(2)]
            pads = (0, 0, 0, 0) if conv.padding == 'valid' else (kh // 2, kh - kh // 2, kw // 2, kw - kw // 2)
        else:
            pads = (conv.padding[0], conv.padding[0], conv.padding[1], conv.padding[1])
        if self.kind(x) == 'pad' and pad_amounts(self.gm, x) is not None and len(x.users) == 1:
            extra = pad_amounts(self.gm, x)
            pads = tuple(p + e for p, e in zip(pads, extra))
            group, x = [x, node], x.args[0]
        src = self.spatial_input(node, x)

        w, b = _np(conv.weight), (_np(conv.bias) if conv.bias is not None else np.zeros(conv.out_channels))
        bn_node = self.only_user(node, {'bn'})
        if bn_node is not None:
            w, b = fold_bn(w, b, module_of(self.gm, bn_node))
            group.append(bn_node)
        self.folds.append(FoldedConv(str(node.target), str(bn_node.target) if bn_node else None, w, b))
        activation, act_node = self.fuse_activation(group[-1])
        if act_node is not None:
            group.append(act_node)

        in_hw, out_hw = shape_of(x)[2:], shape_of(node)[2:]
        extent = tuple(conv.dilation[i] * (conv.kernel_size[i] - 1) + 1 for i in range(2))
        padding = plan(in_hw, out_hw, extent, conv.stride, pads)
        name = self.namer.name(group, primary=node)
        inbound = src.layer
        if padding.explicit:
            pad_layer = self.add([], 'ZeroPadding2D', {'padding': padding.explicit, 'data_format': 'channels_last'},
                                 [inbound], name=self.namer.unique(f'{name}_pad'))
            inbound = pad_layer.name

        common = {'kernel_size': list(conv.kernel_size), 'strides': list(conv.stride), 'padding': padding.mode,
                  'data_format': 'channels_last', 'dilation_rate': list(conv.dilation), 'activation': activation,
                  'use_bias': True}
        cin, cout, groups = conv.in_channels, conv.out_channels, conv.groups
        if groups == 1:
            self.add(group, 'Conv2D', {**common, 'filters': cout}, [inbound],
                     [('kernel', w.transpose(2, 3, 1, 0)), ('bias', b)], ref={'rank': 4, 'nonneg': act_node is not None}, name=name)
        elif groups == cin and cout % cin == 0:
            mult = cout // cin
            kernel = w.reshape(cin, mult, *conv.kernel_size).transpose(2, 3, 0, 1)
            self.add(group, 'DepthwiseConv2D', {**common, 'depth_multiplier': mult}, [inbound],
                     [('depthwise_kernel', kernel), ('bias', b)], ref={'rank': 4, 'nonneg': act_node is not None}, name=name)
        else:
            raise UnsupportedError(f'{node.target}: grouped convolution with groups={groups} (only 1 or depthwise)')

    def convert_linear(self, node: fx.Node) -> None:
        lin: nn.Linear = module_of(self.gm, node)
        src = self.ref(node.args[0])
        if src.rank != 2:
            raise UnsupportedError(f'{node.target}: Linear on a tensor of rank {src.rank}')
        w = _np(lin.weight)
        if src.flatten_chw:
            c, h, wd = src.flatten_chw  # PyTorch's features are (c, h, w)-ordered, Keras's (h, w, c)
            w = w.reshape(-1, c, h, wd).transpose(0, 2, 3, 1).reshape(w.shape[0], -1)
        b = _np(lin.bias) if lin.bias is not None else np.zeros(lin.out_features)
        group = [node]
        activation, act_node = self.fuse_activation(node)
        if act_node is not None:
            group.append(act_node)
        self.add(group, 'Dense', {'units': lin.out_features, 'activation': activation, 'use_bias': True}, [src.layer],
                 [('kernel', w.T), ('bias', b)], ref={'rank': 2, 'nonneg': act_node is not None})

    def convert_bn(self, node: fx.Node) -> None:
        bn = module_of(self.gm, node)
        src = self.ref(node.args[0])
        if src.flatten_chw or src.unit_spatial or not bn.track_running_stats:
            raise UnsupportedError(f'{node.target}: BatchNorm here has no TF.js equivalent')
        c = bn.num_features
        gamma = _np(bn.weight) if bn.affine else np.ones(c)
        beta = _np(bn.bias) if bn.affine else np.zeros(c)
        self.add([node], 'BatchNormalization', {'axis': -1, 'momentum': 0.99, 'epsilon': bn.eps, 'center': True, 'scale': True},
                 [src.layer], [('gamma', gamma), ('beta', beta), ('moving_mean', _np(bn.running_mean)),
                               ('moving_variance', _np(bn.running_var))], ref={'rank': src.rank})

    # -- layers without weights -------------------------------------------------------------
    def convert_elementwise(self, node: fx.Node, class_name: str, config: dict) -> None:
        src = self.ref(node.args[0])
        if src.flatten_chw and class_name == 'Activation' and config.get('activation') == 'softmax':
            raise UnsupportedError(f'{node.format_node()}: softmax over a flattened spatial map')
        kind = self.kind(node)
        nonneg = kind in NONNEGATIVE or (src.nonneg and kind in ('leaky_relu', 'tanh'))
        self.add([node], class_name, config, [src.layer], ref={'rank': src.rank, 'nonneg': nonneg,
                                                               'flatten_chw': src.flatten_chw, 'unit_spatial': src.unit_spatial})

    def convert_relu(self, node):
        self.convert_elementwise(node, 'Activation', {'activation': 'relu'})

    def convert_relu6(self, node):
        self.convert_elementwise(node, 'ReLU', {'max_value': 6.0})

    def convert_sigmoid(self, node):
        self.convert_elementwise(node, 'Activation', {'activation': 'sigmoid'})

    def convert_tanh(self, node):
        self.convert_elementwise(node, 'Activation', {'activation': 'tanh'})

    def convert_leaky_relu(self, node):
        slope = module_of(self.gm, node).negative_slope if node.op == 'call_module' else arg(node, 1, 'negative_slope', 0.01)
        self.convert_elementwise(node, 'LeakyReLU', {'alpha': float(slope)})

    def convert_softmax(self, node):
        dim = module_of(self.gm, node).dim if node.op == 'call_module' else arg(node, 1, 'dim')
        if self.ref(node.args[0]).rank != 2 or dim not in (1, -1):
            raise UnsupportedError(f'{node.format_node()}: softmax only over the features of [N, F]')
        self.convert_elementwise(node, 'Activation', {'activation': 'softmax'})

    def convert_identity(self, node: fx.Node) -> None:
        self.alias(node, node.args[0])

    def convert_pool(self, node: fx.Node, is_max: bool) -> None:
        p = pool_params(self.gm, node)
        x = node.args[0]
        src = self.spatial_input(node, x)
        if p['dilation'] != (1, 1) or p['return_indices'] or p['divisor_override']:
            raise UnsupportedError(f'{node.format_node()}: dilated pools, indices and divisor overrides are not supported')
        pads = (p['padding'][0], p['padding'][0], p['padding'][1], p['padding'][1])
        in_hw, out_hw = shape_of(x)[2:], shape_of(node)[2:]
        padding = plan(in_hw, out_hw, p['kernel'], p['stride'], pads, windows_may_overhang=p['ceil_mode'])
        if is_max:
            # Explicit zeros cannot win a max over non-negative inputs (PyTorch pads max pools with -inf).
            ok = padding is not None and (not padding.explicit or src.nonneg)
        elif any(pads) and p['count_include_pad']:
            # PyTorch averages the zeros in; TF 'same' would leave them out: pad explicitly, then 'valid'.
            padding = PaddingPlan('valid', [[pads[0], pads[1]], [pads[2], pads[3]]])
            ok = not p['ceil_mode']
        else:
            ok = padding is not None and not padding.explicit
        if not ok:
            raise UnsupportedError(f'{node.format_node()}: PyTorch pooling windows cannot be matched in TF.js')
        name = self.namer.name([node])
        inbound = src.layer
        if padding.explicit:
            inbound = self.add([], 'ZeroPadding2D', {'padding': padding.explicit, 'data_format': 'channels_last'}, [inbound],
                               name=self.namer.unique(f'{name}_pad')).name
        self.add([node], 'MaxPooling2D' if is_max else 'AveragePooling2D',
                 {'pool_size': list(p['kernel']), 'strides': list(p['stride']), 'padding': padding.mode, 'data_format': 'channels_last'},
                 [inbound], ref={'rank': 4, 'nonneg': src.nonneg}, name=name)

    def convert_maxpool(self, node):
        self.convert_pool(node, True)

    def convert_avgpool(self, node):
        self.convert_pool(node, False)

    def convert_global(self, node: fx.Node, is_max: bool, keep_dims: bool) -> None:
        src = self.spatial_input(node, node.args[0])
        self.add([node], 'GlobalMaxPooling2D' if is_max else 'GlobalAveragePooling2D', {'data_format': 'channels_last'},
                 [src.layer], ref={'rank': 2, 'unit_spatial': keep_dims, 'nonneg': src.nonneg})

    def convert_adaptive_avg(self, node):
        self.check_unit_output(node)
        self.convert_global(node, False, True)

    def convert_adaptive_max(self, node):
        self.check_unit_output(node)
        self.convert_global(node, True, True)

    def check_unit_output(self, node: fx.Node) -> None:
        if shape_of(node)[2:] != (1, 1):
            raise UnsupportedError(f'{node.format_node()}: adaptive pooling only to 1x1 (global pooling)')

    def convert_mean(self, node: fx.Node) -> None:
        dims = arg(node, 1, 'dim')
        dims = sorted(d % 4 for d in (dims if isinstance(dims, (tuple, list)) else [dims]))
        if dims != [2, 3]:
            raise UnsupportedError(f'{node.format_node()}: mean only over H and W (global average pooling)')
        self.convert_global(node, False, bool(arg(node, 2, 'keepdim', False)))

    def convert_flatten(self, node: fx.Node) -> None:
        x = node.args[0]
        src, in_shape, out_shape = self.ref(x), shape_of(x), shape_of(node)
        if len(out_shape) != 2 or out_shape[0] != in_shape[0]:
            raise UnsupportedError(f'{node.format_node()}: only flattening to [N, features] is supported')
        if src.rank == 2:
            self.alias(node, x, unit_spatial=False)
            return
        _, c, h, w = in_shape
        layer = self.add([node], 'Flatten', {'data_format': 'channels_last'}, [src.layer],
                         ref={'rank': 2, 'nonneg': src.nonneg, 'flatten_chw': (c, h, w) if h * w > 1 else None})
        layer.flattens_chw = (c, h, w)

    def convert_cat(self, node: fx.Node) -> None:
        tensors, dim = arg(node, 0, 'tensors'), arg(node, 1, 'dim', 0)
        srcs = [self.ref(t) for t in tensors]
        rank = len(shape_of(node))
        if dim % rank != 1 or any(s.flatten_chw or s.unit_spatial for s in srcs):
            raise UnsupportedError(f'{node.format_node()}: concatenation only along channels')
        self.add([node], 'Concatenate', {'axis': -1}, [s.layer for s in srcs],
                 ref={'rank': rank, 'nonneg': all(s.nonneg for s in srcs)})

    def convert_add(self, node: fx.Node) -> None:
        a, b = node.args[0], node.args[1]
        if not (isinstance(a, fx.Node) and isinstance(b, fx.Node)) or arg(node, 2, 'alpha', 1) != 1:
            raise UnsupportedError(f'{node.format_node()}: only tensor + tensor additions are supported')
        ra, rb = self.ref(a), self.ref(b)
        if ra.flatten_chw or rb.flatten_chw or ra.unit_spatial != rb.unit_spatial or shape_of(a) != shape_of(b):
            raise UnsupportedError(f'{node.format_node()}: addition needs two tensors of the same shape and layout')
        self.add([node], 'Add', {}, [ra.layer, rb.layer], ref={'rank': ra.rank, 'unit_spatial': ra.unit_spatial,
                                                                 'nonneg': ra.nonneg and rb.nonneg})


def fold_bn(w: np.ndarray, b: np.ndarray, bn: nn.BatchNorm2d) -> tuple[np.ndarray, np.ndarray]:
    """Conv weights (OIHW) and bias with an eval-mode BatchNorm folded in, in float64."""
    if not bn.track_running_stats:
        raise UnsupportedError('BatchNorm without running statistics cannot be folded')
    scale = 1.0 / np.sqrt(_np(bn.running_var) + bn.eps)
    if bn.affine:
        scale = scale * _np(bn.weight)
    shift = _np(bn.bias) if bn.affine else 0.0
    return w * scale[:, None, None, None], (b - _np(bn.running_mean)) * scale + shift


def convert(gm: fx.GraphModule, names: dict[str, str] | None = None) -> Converted:
    return Converter(gm, names).run()
