#!/usr/bin/env python3
"""Unit tests of the neuron-group selection (run: /usr/bin/python3 tools/zoo/test_neuron_groups.py)."""
from __future__ import annotations

import os
import sys
import unittest

os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from neuron_groups import neuron_groups, selectivity, top_channels, with_groups  # noqa: E402

CLASSES = [{'id': 'dog', 'name': 'dog'}, {'id': 'fire-truck', 'name': 'fire truck'}]


class Selection(unittest.TestCase):
    def test_dprime_by_hand(self) -> None:
        # class 0: [2, 4] (mean 3, var 1), others: [0, 0, 2, 2] (mean 1, var 1) → d' = 2 / √1
        f = np.array([[2.0], [4.0], [0.0], [0.0], [2.0], [2.0]])
        labels = np.array([0, 0, 1, 1, 1, 1])
        self.assertAlmostEqual(float(selectivity(f, labels, 0)[0]), 2.0)
        self.assertAlmostEqual(float(selectivity(f, labels, 1)[0]), -2.0)

    def test_constant_channel_is_never_selective(self) -> None:
        f = np.array([[0.0, 1.0], [0.0, 2.0], [0.0, 0.0], [0.0, 0.5]])
        d = selectivity(f, np.array([0, 0, 1, 1]), 0)
        self.assertEqual(d[0], 0.0)
        self.assertGreater(d[1], 0)

    def test_top_channels(self) -> None:
        self.assertEqual(top_channels(np.array([0.5, 3.0, -1.0, 2.0, 1.0, 0.1])), [1, 3, 4, 0])
        self.assertEqual(top_channels(np.array([1.0, -1.0, 0.0, 2.0])), [3, 0])  # only d' > 0
        self.assertEqual(top_channels(np.array([1.0, -1.0, 0.0, -2.0])), [])  # fewer than 2: no group
        self.assertEqual(top_channels(np.array([1.0, 2.0, 1.0, 1.0, 1.0])), [1, 0, 2, 3])  # ties: lower index

    def test_groups_and_descriptor(self) -> None:
        rng = np.random.RandomState(0)
        labels = np.repeat([0, 1], 20)
        f = rng.rand(40, 6)
        f[labels == 1, 4] += 5  # channel 4 fires on fire trucks
        groups = neuron_groups({'mixed4a': f}, labels, CLASSES)['mixed4a']
        truck = next(g for g in groups if g['id'] == 'fire-truck')
        self.assertEqual(truck['name'], 'Fire truck detectors')
        self.assertEqual(truck['channels'][0], 4)
        old = {'name': 'm', 'layerGroups': {}, 'neuronGroups': {'stale': []}, 'examples': {}}
        new = with_groups(old, {'mixed4a': groups}, 'note')
        self.assertEqual(list(new), ['name', 'layerGroups', 'neuronGroups', 'neuronGroupsSource', 'examples'])
        self.assertEqual(new['neuronGroups'], {'mixed4a': groups})


if __name__ == '__main__':
    unittest.main()
