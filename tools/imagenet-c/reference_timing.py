#!/usr/bin/env python3
"""
Times the ImageNet-C reference (`imagecorruptions`) on the 224 px test image of reference_stats.py:
every corruption at severities 1–5, the median of three runs each, in ms. `npm run bench` runs it
(tools/bench.mjs) to set the GPU versions against it in the same run; it prints JSON on stdout.

    PYTHONPATH=../shared/reference/imagecorruptions-src /usr/bin/python3 tools/imagenet-c/reference_timing.py
"""
import json
import os
import sys
import time

import numpy as np
from imagecorruptions import corrupt, get_corruption_names

sys.path.insert(0, os.path.dirname(__file__))
from reference_stats import test_image  # noqa: E402

RUNS = 3


def main():
    clean = test_image()
    np.random.seed(0)
    per = {}
    for name in get_corruption_names('all'):
        levels = []
        for severity in range(1, 6):
            times = []
            for _ in range(RUNS):
                start = time.perf_counter()
                corrupt(clean, severity=severity, corruption_name=name)
                times.append((time.perf_counter() - start) * 1000)
            levels.append(sorted(times)[RUNS // 2])
        per[name] = levels
    json.dump({'size': 224, 'runs': RUNS, 'ms': per, 'total_ms': sum(sum(v) for v in per.values())}, sys.stdout)


if __name__ == '__main__':
    main()
