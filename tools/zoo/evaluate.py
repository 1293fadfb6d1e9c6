#!/usr/bin/env python3
"""Evaluates the zoo and writes models/perturber-zoo/report.json and REPORT.md.

    evaluate.py --runs tools/zoo/runs --data tools/zoo/data --out models/perturber-zoo

For every exported model (index.json): clean test accuracy, PGD robust accuracy (PyTorch, L∞ at
the adversarial training ε, 10 steps of ε/4, random start; on the first --robust-images test
images; adversarial checkpoints and final models) and shape bias on cue-conflict (Geirhos et al.). For every fine-tune checkpoint: the median
per-channel activation correlation with the standard model per block. For each fine-tune's final
model: accuracy of mixed models, blocks before a cut from one model and the rest from the other.
The in-browser PGD evaluation with the TF.js runtime is separate (the lead's runtime tests).
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time

# Before torch loads OpenMP: on a shared 2-core machine spinning idle threads made 2-thread training 5× slower than 1 thread.
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from attacks import PgdConfig  # noqa: E402
from data import load_split  # noqa: E402
from export_zoo import checkpoints  # noqa: E402
from metrics import ALIGNMENT_LAYERS, accuracy, activation_correlation, load_model, model_from_state, robust_accuracy, shape_bias  # noqa: E402
from model import mix_state_dicts  # noqa: E402
from report_md import write_markdown  # noqa: E402

CUTS = ['conv2d1', 'conv2d2', 'mixed3a', 'mixed3b', 'mixed4a', 'mixed4b', 'mixed4c', 'logits']


def log(message: str) -> None:
    print(f'[evaluate] {message}', flush=True)


def training_logs(runs: str) -> dict:
    logs = {}
    for variant in ['standard', 'adversarial', 'stylized']:
        path = os.path.join(runs, variant, 'log.json')
        if os.path.exists(path):
            with open(path) as f:
                full = json.load(f)
            logs[variant] = {k: full[k] for k in ('args', 'history', 'seconds', 'images_per_second', 'cpu_seconds', 'threads', 'pgd')
                             if k in full}
    return logs


def checks(models: list[dict]) -> list[dict]:
    """The zoo's acceptance criteria (issue 4), measured in PyTorch."""
    final = {m['variant']: m for m in models if m['final']}
    std, adv, sty = final.get('standard'), final.get('adversarial'), final.get('stylized')
    result = []
    if std:
        result.append({'check': 'standard clean accuracy ≥ 90%', 'value': std['cleanAccuracy'], 'pass': std['cleanAccuracy'] >= 0.9})
    if std and adv:
        result.append({'check': 'adversarial robust accuracy > standard robust accuracy', 'value': [adv['robustAccuracy'], std['robustAccuracy']],
                       'pass': adv['robustAccuracy'] > std['robustAccuracy']})
    if std and sty:
        a, b = sty['shapeBias']['shapeBias'], std['shapeBias']['shapeBias']
        result.append({'check': 'stylized shape bias > standard shape bias', 'value': [a, b], 'pass': a is not None and b is not None and a > b})
    for c in result:
        log(f'{"PASS" if c["pass"] else "FAIL"}: {c["check"]} ({c["value"]})')
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--runs', required=True)
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--robust-images', type=int, default=300)
    ap.add_argument('--align-images', type=int, default=300)
    ap.add_argument('--mix-robust-images', type=int, default=100)
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    start = time.time()

    with open(os.path.join(args.out, 'index.json')) as f:
        index = json.load(f)
    test, cue = load_split(args.data, 'test'), load_split(args.data, 'cue-conflict')
    logs = training_logs(args.runs)
    eps = (logs.get('adversarial', {}).get('pgd') or {}).get('eps', 8 / 255)
    attack = PgdConfig(eps=eps, steps=10, step_size=eps / 4)
    paths = {(v, k): p for v, k, p in checkpoints(args.runs)}

    loaded = {}
    models = []
    for entry in index['models']:
        model, state = load_model(paths[(entry['variant'], entry['checkpoint'])])
        loaded[(entry['variant'], entry['checkpoint'])] = (model, state)
        # PGD is the expensive part: robust accuracy for the adversarial checkpoints and the final models only
        attacked = entry['variant'] == 'adversarial' or entry['final']
        row = {**entry, 'cleanAccuracy': accuracy(model, test),
               'robustAccuracy': robust_accuracy(model, test.subset(args.robust_images), attack) if attacked else None,
               'shapeBias': shape_bias(model, cue)}
        models.append(row)
        robust = f'{100 * row["robustAccuracy"]:.1f}%' if attacked else '–'
        log(f'{entry["path"]}: clean {100 * row["cleanAccuracy"]:.1f}%  robust {robust}  shape bias {row["shapeBias"]["shapeBias"]}')

    standard, std_state = loaded[('standard', 0)]
    align_split = test.subset(args.align_images)
    alignment = {}
    for (variant, k), (model, _) in loaded.items():
        if variant == 'standard':
            continue
        alignment.setdefault(variant, {})[f'ckpt-{k}'] = activation_correlation(standard, model, align_split)
        log(f'alignment standard ↔ {variant} ckpt-{k}: ' +
            ' '.join(f'{layer} {alignment[variant][f"ckpt-{k}"][layer]["median"]:.2f}' for layer in ALIGNMENT_LAYERS))

    mixing = {}
    n_classes = std_state['num_classes']
    for variant in ['adversarial', 'stylized']:
        finals = [key for key in loaded if key[0] == variant]
        if not finals:
            continue
        tuned, tuned_state = loaded[max(finals)]
        rows = []
        for cut in CUTS:
            for early, late, sd_early, sd_late in [('standard', variant, std_state['state_dict'], tuned_state['state_dict']),
                                                    (variant, 'standard', tuned_state['state_dict'], std_state['state_dict'])]:
                mixed = model_from_state(mix_state_dicts(sd_early, sd_late, cut), n_classes)
                row = {'firstLateBlock': cut, 'early': early, 'late': late, 'cleanAccuracy': accuracy(mixed, test)}
                if variant == 'adversarial' and args.mix_robust_images:
                    row['robustAccuracy'] = robust_accuracy(mixed, test.subset(args.mix_robust_images), attack)
                if variant == 'stylized':
                    row['shapeBias'] = shape_bias(mixed, cue)['shapeBias']
                rows.append(row)
        mixing[variant] = rows
        log(f'mixing standard ↔ {variant}: {len(rows)} mixed models evaluated')

    report = {
        'checks': checks(models),
        'generated': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
        'data': {'test': len(test), 'cueConflict': len(cue), 'classes': test.classes},
        'attack': {**attack.as_dict(), 'images': min(args.robust_images, len(test)), 'implementation': 'PyTorch (tools/zoo/attacks.py)'},
        'models': models,
        'alignment': {'layers': ALIGNMENT_LAYERS, 'images': len(align_split), 'against': 'standard', 'byVariant': alignment},
        'mixing': {'cuts': CUTS, 'byVariant': mixing,
                   'robustImages': args.mix_robust_images},
        'training': logs,
        'evaluationSeconds': time.time() - start,
    }
    with open(os.path.join(args.out, 'report.json'), 'w') as f:
        json.dump(report, f, indent=1)
    write_markdown(report, os.path.join(args.out, 'REPORT.md'))
    log(f'wrote report.json and REPORT.md in {time.time() - start:.0f} s')


if __name__ == '__main__':
    main()
