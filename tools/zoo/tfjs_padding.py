"""When PyTorch's explicit padding equals TF's 'same'/'valid', and when it needs a ZeroPadding2D.

TF 'same' pads ``total = max((ceil(n / s) - 1) * s + k - n, 0)`` per axis, ``total // 2`` before
and the rest after: with stride 2 on an even input that is asymmetric (7x7/2 on 112: 2 before,
3 after), which PyTorch's symmetric ``padding=3`` does not reproduce (its windows start one pixel
earlier). Rather than trusting formulas, the decisions below compare window placement: a layer is
'same' exactly when PyTorch's output has TF's size and its first window starts where TF's does.
"""
from __future__ import annotations

from dataclasses import dataclass


def tf_same(n: int, k: int, s: int) -> tuple[int, int, int]:
    """(output size, padding before, padding after) of TF 'same' along one axis."""
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return out, total // 2, total - total // 2


@dataclass
class PaddingPlan:
    """TF padding mode plus, for 'valid', the explicit zero padding [[top, bottom], [left, right]] to apply first."""
    mode: str
    explicit: list[list[int]] | None = None


def plan(in_hw: tuple[int, int], out_hw: tuple[int, int], kernel: tuple[int, int], stride: tuple[int, int],
         pads: tuple[int, int, int, int], *, windows_may_overhang: bool = False) -> PaddingPlan | None:
    """Padding plan for a convolution or pool whose PyTorch padding is ``pads`` = (top, bottom, left, right).

    ``kernel`` is the effective (dilated) extent. ``windows_may_overhang``: PyTorch's last window may
    run past the padded input (pools with ``ceil_mode``), which TF 'same' also allows but 'valid'
    does not. Returns None when neither TF mode nor explicit zero padding reproduces PyTorch.
    """
    top, bottom, left, right = pads
    before, after = (top, left), (bottom, right)
    same = all(
        out_hw[i] == tf_same(in_hw[i], kernel[i], stride[i])[0] and before[i] == tf_same(in_hw[i], kernel[i], stride[i])[1]
        for i in range(2)
    )
    valid_out = [(in_hw[i] + before[i] + after[i] - kernel[i]) // stride[i] + 1 for i in range(2)]
    fits = all(valid_out[i] == out_hw[i] for i in range(2))
    if not any(pads) and fits:
        return PaddingPlan('valid')
    if same:
        return PaddingPlan('same')
    if fits:
        return PaddingPlan('valid', [[top, bottom], [left, right]])
    if windows_may_overhang:
        # Extra zeros after the input so that a 'valid' pass makes PyTorch's last (overhanging) window.
        extra = [max(0, (out_hw[i] - 1) * stride[i] + kernel[i] - in_hw[i] - before[i] - after[i]) for i in range(2)]
        return PaddingPlan('valid', [[top, bottom + extra[0]], [left, right + extra[1]]])
    return None
