#!/usr/bin/env python3
"""Training the zoo's three variants (see README.md, "Training").

    train.py standard    --data DIR --out runs/standard    [--epochs 15]
    train.py adversarial --data DIR --out runs/adversarial --init runs/standard/final.pt [--epochs 3 --eps 8 --steps 4]
    train.py stylized    --data DIR --out runs/stylized    --init runs/standard/final.pt [--epochs 3 --stylized-fraction 0.75]

standard: from scratch on ``train``; SGD (Nesterov momentum 0.9, weight decay 5e-4), batch 64,
linear warm-up over the first epoch then cosine decay; random crops (±8 px) and horizontal flips.
adversarial: fine-tunes standard with PGD adversarial training (Madry et al.): every training
batch is replaced by its L∞ PGD adversarial examples (ε in pixel units /255, ``--steps`` steps of
ε/4, random start), generated with the model in eval mode; cosine decay from ``--lr``.
stylized: fine-tunes standard on batches that are ``--stylized-fraction`` train-stylized and the
rest train. Fine-tunes save ``--checkpoints`` evenly spaced checkpoints ckpt-1 … ckpt-N (the last
is the final model). Deterministic for a given seed and thread count.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

# Before torch loads OpenMP: on a shared 2-core machine spinning idle threads made 2-thread training 5× slower than 1 thread.
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from attacks import PgdConfig, pgd_linf  # noqa: E402
from data import Split, batches, has_split, load_split, mixed_batches  # noqa: E402
from metrics import accuracy as evaluate, robust_accuracy  # noqa: E402
from model import INPUT_SIZE, PREPROCESSING, PixelModel, ZooNet, count_parameters  # noqa: E402


def log(stage: str, message: str) -> None:
    print(f'[{stage}] {message}', flush=True)


def fmt_time(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f'{seconds // 3600}h{seconds % 3600 // 60:02d}m' if seconds >= 3600 else f'{seconds // 60}m{seconds % 60:02d}s'


class Progress:
    """Throughput, per-epoch progress lines and an ETA for the whole stage."""

    def __init__(self, stage: str, total_steps: int, steps_per_epoch: int, batch_size: int) -> None:
        self.stage, self.total, self.per_epoch, self.batch = stage, total_steps, steps_per_epoch, batch_size
        self.start = time.time()
        self.cpu_start = time.process_time()
        self.every = max(1, steps_per_epoch // 5)

    def images_per_second(self, step: int) -> float:
        return step * self.batch / max(1e-9, time.time() - self.start)

    def step(self, step: int, loss: float, acc: float) -> None:
        if step % self.every and step != self.total:
            return
        elapsed = time.time() - self.start
        eta = elapsed / step * (self.total - step)
        epoch = (step - 1) // self.per_epoch + 1
        pct = 100 * ((step - 1) % self.per_epoch + 1) / self.per_epoch
        log(self.stage, f'epoch {epoch}/{math.ceil(self.total / self.per_epoch)} {pct:3.0f}%  loss {loss:.3f}  '
                        f'train acc {100 * acc:5.1f}%  {self.images_per_second(step):5.0f} img/s  '
                        f'elapsed {fmt_time(elapsed)}  ETA {fmt_time(eta)}')


def cosine_lr(step: int, total: int, peak: float, warmup: int) -> float:
    if step < warmup:
        return peak * (step + 1) / warmup
    return 0.5 * peak * (1 + math.cos(math.pi * (step - warmup) / max(1, total - warmup)))


def save(path: str, model: PixelModel, classes: list[str], **info) -> None:
    torch.save({'state_dict': model.net.state_dict(), 'num_classes': len(classes), 'classes': classes,
                'input_size': INPUT_SIZE, 'preprocessing': PREPROCESSING, **info}, path)


def setup(args: argparse.Namespace) -> tuple[Split, Split, PixelModel, np.random.RandomState]:
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.RandomState(args.seed)
    train = load_split(args.data, 'train')
    val = load_split(args.data, 'val')
    if args.limit:
        train = train.subset(args.limit)
    if train.meta['size'] != INPUT_SIZE:
        raise SystemExit(f'data size {train.meta["size"]} ≠ model input {INPUT_SIZE}')
    net = ZooNet(len(train.classes))
    if getattr(args, 'init', None):
        state = torch.load(args.init, map_location='cpu')
        net.load_state_dict(state['state_dict'])
    os.makedirs(args.out, exist_ok=True)
    return train, val, PixelModel(net), rng


def run(args: argparse.Namespace) -> dict:
    stage = args.variant
    train, val, model, rng = setup(args)
    stylized = load_split(args.data, 'train-stylized') if stage == 'stylized' else None
    steps_per_epoch = len(train) // args.batch
    total = steps_per_epoch * args.epochs
    pgd = PgdConfig(eps=args.eps / 255, steps=args.steps, step_size=args.eps / 255 / 4)
    attack_gen = torch.Generator().manual_seed(args.seed + 1)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, nesterov=True, weight_decay=args.wd)
    warmup = steps_per_epoch if stage == 'standard' else 0
    checkpoints = {round(k * total / args.checkpoints): k for k in range(1, args.checkpoints + 1)} if stage != 'standard' else {}
    details = {'standard': 'SGD from scratch, random crop ±8 px + flip',
               'adversarial': f'PGD adversarial training ({pgd.describe()}), 100% adversarial batches',
               'stylized': f'{args.stylized_fraction:.0%} train-stylized + {1 - args.stylized_fraction:.0%} train per batch'}[stage]
    log(stage, f'{count_parameters(model):,} parameters; {len(train)} training images; {args.epochs} epochs × '
               f'{steps_per_epoch} steps of {args.batch}; lr {args.lr}; {details}')
    history, progress, step = [], Progress(stage, total, steps_per_epoch, args.batch), 0
    for epoch in range(1, args.epochs + 1):
        if stylized is not None:
            epoch_batches = mixed_batches(train, stylized, args.batch, args.stylized_fraction, rng, steps_per_epoch)
        else:
            epoch_batches = ((x, y) for x, y, _ in batches(train, args.batch, shuffle=True, rng=rng, augmented=True, drop_last=True))
        losses, correct, seen = [], 0, 0
        for x, y in epoch_batches:
            for group in opt.param_groups:
                group['lr'] = cosine_lr(step, total, args.lr, warmup)
            if stage == 'adversarial':
                model.eval()
                x = pgd_linf(model, x, y, pgd, attack_gen)
            model.train()
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
            losses.append(float(loss))
            correct += int((logits.argmax(1) == y).sum())
            seen += len(y)
            progress.step(step, float(np.mean(losses[-20:])), correct / seen)
            if step in checkpoints:
                k = checkpoints[step]
                val_acc = evaluate(model, val)
                save(os.path.join(args.out, f'ckpt-{k}.pt'), model, train.classes, variant=stage, checkpoint=k, step=step,
                     epoch=step / steps_per_epoch, images_seen=step * args.batch, val_accuracy=val_acc)
                log(stage, f'checkpoint {k}/{args.checkpoints} at step {step} (epoch {step / steps_per_epoch:.2f}): val acc {100 * val_acc:.1f}%')
        val_acc = evaluate(model, val)
        entry = {'epoch': epoch, 'step': step, 'loss': float(np.mean(losses)), 'train_accuracy': correct / seen,
                 'val_accuracy': val_acc, 'images_per_second': progress.images_per_second(step)}
        if stage == 'adversarial' and args.robust_val:
            entry['val_robust_accuracy'] = robust_accuracy(model, val.subset(args.robust_val), pgd, args.seed)
        history.append(entry)
        log(stage, f'epoch {epoch} done: loss {entry["loss"]:.3f}  train acc {100 * entry["train_accuracy"]:.1f}%  '
                   f'val acc {100 * val_acc:.1f}%' + (f'  val robust acc {100 * entry["val_robust_accuracy"]:.1f}%'
                                                     if 'val_robust_accuracy' in entry else ''))
    save(os.path.join(args.out, 'final.pt'), model, train.classes, variant=stage, checkpoint=args.checkpoints if checkpoints else 0,
         step=step, epoch=float(args.epochs), images_seen=step * args.batch, val_accuracy=history[-1]['val_accuracy'])
    summary = {'variant': stage, 'args': vars(args), 'history': history, 'seconds': time.time() - progress.start,
               'images_per_second': progress.images_per_second(step),
               # CPU seconds of this process: on a shared machine, images / cpu_seconds × cores estimates the unshared speed
               'cpu_seconds': time.process_time() - progress.cpu_start, 'threads': args.threads,
               'pgd': pgd.as_dict() if stage == 'adversarial' else None}
    with open(os.path.join(args.out, 'log.json'), 'w') as f:
        json.dump(summary, f, indent=1)
    log(stage, f'done in {fmt_time(summary["seconds"])} ({summary["images_per_second"]:.0f} img/s; '
               f'{step * args.batch / max(1e-9, summary["cpu_seconds"]):.0f} images per CPU-second)')
    return summary


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('variant', choices=['standard', 'adversarial', 'stylized'])
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--init', help='checkpoint to fine-tune (adversarial, stylized)')
    ap.add_argument('--epochs', type=int)
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--lr', type=float)
    ap.add_argument('--wd', type=float, default=5e-4)
    ap.add_argument('--eps', type=float, default=8.0, help='adversarial: L∞ ε in pixel units of 1/255')
    ap.add_argument('--steps', type=int, default=4, help='adversarial: PGD steps (step size ε/4)')
    ap.add_argument('--robust-val', type=int, default=200, help='adversarial: val images for robust accuracy per epoch (0: off)')
    ap.add_argument('--stylized-fraction', type=float, default=0.75)
    ap.add_argument('--checkpoints', type=int, default=5)
    ap.add_argument('--limit', type=int, default=0, help='use only the first N training images (smoke tests)')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--seed', type=int, default=0)
    return ap


DEFAULTS = {'standard': {'epochs': 15, 'lr': 0.05}, 'adversarial': {'epochs': 3, 'lr': 0.01}, 'stylized': {'epochs': 3, 'lr': 0.01}}


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    for key, value in DEFAULTS[args.variant].items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.variant != 'standard' and not args.init:
        raise SystemExit(f'{args.variant} fine-tunes a model: pass --init runs/standard/final.pt')
    if args.variant == 'stylized' and not has_split(args.data, 'train-stylized'):
        raise SystemExit(f'{args.data} has no train-stylized split')
    run(args)


if __name__ == '__main__':
    main()
