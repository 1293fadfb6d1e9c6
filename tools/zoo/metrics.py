"""Measurements on zoo models (PyTorch): clean and PGD-robust accuracy, shape bias, activation alignment."""
from __future__ import annotations

import numpy as np
import torch
import torch.nn as nn

from attacks import PgdConfig, pgd_linf
from data import Split, batches
from model import PixelModel, ZooNet

# Layers whose activations are compared between models: every block's output, in order.
ALIGNMENT_LAYERS = ['conv2d0', 'conv2d1', 'conv2d2', 'mixed3a', 'mixed3b', 'mixed4a', 'mixed4b', 'mixed4c']


def load_model(path: str) -> tuple[PixelModel, dict]:
    state = torch.load(path, map_location='cpu')
    net = ZooNet(state['num_classes'])
    net.load_state_dict(state['state_dict'])
    return PixelModel(net).eval(), state


def model_from_state(state_dict: dict, num_classes: int) -> PixelModel:
    net = ZooNet(num_classes)
    net.load_state_dict(state_dict)
    return PixelModel(net).eval()


def predictions(model: nn.Module, split: Split, batch_size: int = 200) -> np.ndarray:
    model.eval()
    out = []
    with torch.no_grad():
        for x, _, _ in batches(split, batch_size, shuffle=False):
            out.append(model(x).argmax(1).numpy())
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def accuracy(model: nn.Module, split: Split) -> float:
    return float((predictions(model, split) == split.labels).mean()) if len(split) else 0.0


def robust_accuracy(model: nn.Module, split: Split, cfg: PgdConfig, seed: int = 0, batch_size: int = 100) -> float:
    """Accuracy under untargeted L∞ PGD (clean mistakes count as failures)."""
    model.eval()
    g = torch.Generator().manual_seed(seed)
    correct = 0
    for x, y, _ in batches(split, batch_size, shuffle=False):
        adv = pgd_linf(model, x, y, cfg, g)
        with torch.no_grad():
            correct += int((model(adv).argmax(1) == y).sum())
    return correct / max(1, len(split))


def shape_bias(model: nn.Module, cue: Split) -> dict:
    """Geirhos et al. (2019): shape decisions / (shape + texture decisions) on cue-conflict images.

    Images whose shape and texture class agree are left out, as in the original protocol.
    """
    shape = np.asarray(cue.meta['shapeLabels'])
    texture = np.asarray(cue.meta['textureLabels'])
    keep = shape != texture
    pred = predictions(model, cue)[keep]
    shape_hits = int((pred == shape[keep]).sum())
    texture_hits = int((pred == texture[keep]).sum())
    decided = shape_hits + texture_hits
    return {'shapeBias': shape_hits / decided if decided else None, 'shapeDecisions': shape_hits,
            'textureDecisions': texture_hits, 'images': int(keep.sum()), 'fractionDecided': decided / max(1, int(keep.sum()))}


def _block_outputs(model: PixelModel, layers: list[str]) -> tuple[dict, list]:
    store: dict[str, torch.Tensor] = {}
    hooks = [getattr(model.net, name).register_forward_hook(lambda _m, _i, out, name=name: store.__setitem__(name, out))
             for name in layers]
    return store, hooks


def activation_correlation(a: PixelModel, b: PixelModel, split: Split, layers: list[str] = ALIGNMENT_LAYERS,
                           batch_size: int = 100) -> dict:
    """Per layer: the median over channels of the Pearson correlation between the two models' activations
    of that channel (over all images and positions). Channels constant in either model are left out."""
    sums: dict[str, np.ndarray] = {}
    store_a, hooks_a = _block_outputs(a, layers)
    store_b, hooks_b = _block_outputs(b, layers)
    try:
        with torch.no_grad():
            for x, _, _ in batches(split, batch_size, shuffle=False):
                a(x)
                b(x)
                for name in layers:
                    xa = store_a[name].transpose(0, 1).reshape(store_a[name].shape[1], -1).double()
                    xb = store_b[name].transpose(0, 1).reshape(store_b[name].shape[1], -1).double()
                    s = torch.stack([xa.sum(1), xb.sum(1), (xa * xa).sum(1), (xb * xb).sum(1), (xa * xb).sum(1),
                                     torch.full_like(xa[:, 0], xa.shape[1])]).numpy()
                    sums[name] = sums.get(name, 0) + s
    finally:
        for h in hooks_a + hooks_b:
            h.remove()
    result = {}
    for name in layers:
        sa, sb, saa, sbb, sab, n = sums[name]
        cov = sab / n - sa / n * sb / n
        va, vb = saa / n - (sa / n) ** 2, sbb / n - (sb / n) ** 2
        ok = (va > 1e-12) & (vb > 1e-12)
        r = cov[ok] / np.sqrt(va[ok] * vb[ok])
        result[name] = {'median': float(np.median(r)) if ok.any() else None, 'channels': int(len(ok)), 'constant': int((~ok).sum())}
    return result
