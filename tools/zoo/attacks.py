"""PGD in pixel space ([0, 1]), for adversarial training and robust-accuracy evaluation.

The model takes pixels (``model.PixelModel``), so ε is in the same units as the browser
runtime's attack: an L∞ ε of 4/255 moves each pixel by at most 4 grey levels.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass(frozen=True)
class PgdConfig:
    eps: float = 8 / 255
    steps: int = 4
    step_size: float = 2 / 255  # ε/4
    random_start: bool = True
    norm: str = 'linf'

    def describe(self) -> str:
        return f'L∞ PGD, ε = {self.eps * 255:g}/255, {self.steps} steps of {self.step_size * 255:g}/255' + \
            (', random start' if self.random_start else '')

    def as_dict(self) -> dict:
        return {'norm': self.norm, 'eps': self.eps, 'epsPixels255': self.eps * 255, 'steps': self.steps,
                'stepSize': self.step_size, 'randomStart': self.random_start, 'space': 'pixels in [0, 1]'}


def pgd_linf(model: nn.Module, pixels: torch.Tensor, labels: torch.Tensor, cfg: PgdConfig,
             generator: torch.Generator | None = None) -> torch.Tensor:
    """Untargeted L∞ PGD: maximises cross-entropy within the ε-ball around ``pixels``, clipped to [0, 1].

    Gradients are taken with respect to the input only; call with the model in eval mode (BatchNorm
    statistics frozen), as the training loop does.
    """
    if cfg.norm != 'linf':
        raise ValueError(f'unsupported norm {cfg.norm}')
    x0 = pixels.detach()
    if cfg.random_start:
        noise = torch.rand(x0.shape, generator=generator) * 2 - 1
        x = (x0 + noise * cfg.eps).clamp(0, 1)
    else:
        x = x0.clone()
    for _ in range(cfg.steps):
        x.requires_grad_(True)
        loss = F.cross_entropy(model(x), labels)
        (grad,) = torch.autograd.grad(loss, [x])
        with torch.no_grad():
            x = x + cfg.step_size * grad.sign()
            x = torch.min(torch.max(x, x0 - cfg.eps), x0 + cfg.eps).clamp(0, 1)
    return x.detach()
