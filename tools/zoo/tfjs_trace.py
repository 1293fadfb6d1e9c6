"""Tracing a PyTorch module into an fx graph that remembers which module produced what.

The exporter names each TF.js layer after the PyTorch module it came from. torch.fx alone only
names leaf-module calls; ``ScopeTracer`` also stamps every node with the stack of module paths it
was created in (``meta['scope']``) and every module's returned node with that module's path
(``meta['output_of']``, innermost first), so a ``torch.cat`` at the end of ``mixed3a.forward`` can
be named ``mixed3a`` and a Conv→BN→ReLU unit can take its unit's name.
"""
from __future__ import annotations

from typing import Any, Iterable

import torch
import torch.fx as fx
from torch.fx.passes.shape_prop import ShapeProp


class ScopeTracer(fx.Tracer):
    def __init__(self) -> None:
        super().__init__()
        self.scope: list[str] = []

    def call_module(self, m: torch.nn.Module, forward: Any, args: tuple, kwargs: dict) -> Any:
        path = self.path_of_module(m)
        self.scope.append(path)
        try:
            out = super().call_module(m, forward, args, kwargs)
        finally:
            self.scope.pop()
        for proxy in _proxies(out):
            proxy.node.meta.setdefault('output_of', []).append(path)
        return out

    def create_node(self, *args: Any, **kwargs: Any) -> fx.Node:
        node = super().create_node(*args, **kwargs)
        node.meta['scope'] = tuple(self.scope)
        return node


def _proxies(value: Any) -> Iterable[fx.Proxy]:
    if isinstance(value, fx.Proxy):
        yield value
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _proxies(v)


def trace(model: torch.nn.Module, example: torch.Tensor) -> fx.GraphModule:
    """Symbolically traces ``model`` (in eval mode) and annotates every node with its output shape."""
    model.eval()
    graph = ScopeTracer().trace(model)
    gm = fx.GraphModule(model, graph)
    with torch.no_grad():
        ShapeProp(gm).propagate(example)
    return gm


def shape_of(node: fx.Node) -> tuple[int, ...] | None:
    meta = node.meta.get('tensor_meta')
    return tuple(meta.shape) if meta is not None and hasattr(meta, 'shape') else None


def is_tensor(node: fx.Node) -> bool:
    return shape_of(node) is not None


def is_op(node: fx.Node) -> bool:
    return node.op in ('call_module', 'call_function', 'call_method')


class Namer:
    """Gives layers unique, readable names derived from the module hierarchy."""

    def __init__(self, gm: fx.GraphModule, overrides: dict[str, str] | None = None) -> None:
        self.overrides = overrides or {}
        self.used: set[str] = set()
        self.members: dict[str, set[fx.Node]] = {}
        for node in gm.graph.nodes:
            if is_op(node) and is_tensor(node):
                for path in node.meta.get('scope', ()):
                    self.members.setdefault(path, set()).add(node)

    def name(self, group: list[fx.Node], primary: fx.Node | None = None) -> str:
        """Name for a layer made of ``group`` (in graph order; the last node produces its output).

        The innermost module that returns the group's output and holds all of the group wins, if
        that module holds nothing else or the group is a single function call that makes the
        module's output (a concatenation, an addition); otherwise the path of ``primary`` (default:
        the first node) if it is a module call, or the enclosing module's path plus the fx node name.
        """
        final, head = group[-1], primary or group[0]
        chosen = None
        for path in final.meta.get('output_of', []):
            members = self.members.get(path, set())
            if not all(n in members for n in group):
                continue
            functional = len(group) == 1 and group[0].op != 'call_module'
            if functional or members <= set(group):
                chosen = path
                break
        if chosen is None:
            if head.op == 'call_module':
                chosen = str(head.target)
            else:
                scope = head.meta.get('scope', ())
                chosen = f'{scope[-1]}.{head.name}' if scope else head.name
        base = self.overrides.get(chosen, chosen.replace('.', '_'))
        return self.unique(base)

    def unique(self, base: str) -> str:
        name, i = base, 1
        while name in self.used:
            name = f'{base}_{i}'
            i += 1
        self.used.add(name)
        return name
