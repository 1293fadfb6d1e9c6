#!/usr/bin/env python3
"""Tests of embed_descriptor.py, pure Python (run: /usr/bin/python3 tools/zoo/test_embed_descriptor.py)."""
from __future__ import annotations

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from embed_descriptor import embed_descriptor, main, zoo_model_dirs  # noqa: E402

MODEL = {
    'format': 'layers-model',
    'generatedBy': 'perturber tools/zoo/export_tfjs.py',
    'convertedBy': None,
    'modelTopology': {'class_name': 'Model', 'config': {'name': 'm', 'layers': [{'config': {'epsilon': 0.001, 'scale': 1e-07}}]}},
    'weightsManifest': [{'paths': ['group1-shard1of1.bin'], 'weights': [{'name': 'conv/kernel', 'shape': [3, 3, 3, 8], 'dtype': 'float32', 'quantization': {'dtype': 'float16'}}]}],
}
DESCRIPTOR = {'name': 'ZooNet standard', 'labels': {'id': 'perturber-zoo', 'names': ['dog', 'cat']}, 'examples': {'0': '../examples/dog.png'}, 'neuronGroupsSource': 'x'}


def write(folder: str, model: dict, descriptor: dict | None) -> str:
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, 'model.json'), 'w') as f:
        json.dump(model, f, separators=(',', ':'))  # as tfjs_write.py writes it
    if descriptor is not None:
        with open(os.path.join(folder, 'descriptor.json'), 'w') as f:
            json.dump(descriptor, f, indent=1)
    return folder


def read(folder: str) -> str:
    with open(os.path.join(folder, 'model.json')) as f:
        return f.read()


class EmbedDescriptorTest(unittest.TestCase):
    def test_embeds_the_descriptor_and_keeps_every_other_byte(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            folder = write(os.path.join(tmp, 'standard'), MODEL, DESCRIPTOR)
            before = read(folder)
            self.assertTrue(embed_descriptor(folder))
            after = read(folder)
            self.assertEqual(json.loads(after)['userDefinedMetadata'], {'perturber': {'descriptor': DESCRIPTOR}})
            # the old file is the new one up to the appended field: topology and manifest byte for byte
            self.assertTrue(after.startswith(before[:-1] + ',"userDefinedMetadata":'), after[:200])
            without = json.loads(after)
            del without['userDefinedMetadata']
            self.assertEqual(without, MODEL)
            # again: nothing to do
            self.assertFalse(embed_descriptor(folder))
            self.assertEqual(read(folder), after)

    def test_replaces_a_stale_descriptor_and_keeps_other_metadata(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            stale = {**MODEL, 'userDefinedMetadata': {'signature': {'x': 1}, 'perturber': {'descriptor': {'name': 'old'}, 'other': 2}}}
            folder = write(os.path.join(tmp, 'm'), stale, DESCRIPTOR)
            self.assertTrue(embed_descriptor(folder))
            self.assertEqual(json.loads(read(folder))['userDefinedMetadata'], {'signature': {'x': 1}, 'perturber': {'descriptor': DESCRIPTOR, 'other': 2}})
            self.assertEqual(list(json.loads(read(folder))), list(stale))  # key order kept

    def test_a_zoo_folder(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            write(os.path.join(tmp, 'standard'), MODEL, DESCRIPTOR)
            write(os.path.join(tmp, 'adversarial', 'ckpt-1'), MODEL, {**DESCRIPTOR, 'name': 'adv 1'})
            write(os.path.join(tmp, 'fixture'), MODEL, None)  # no descriptor.json: left alone
            self.assertEqual([os.path.relpath(d, tmp) for d in zoo_model_dirs(tmp)], [os.path.join('adversarial', 'ckpt-1'), 'standard'])
            main(['--out', tmp])
            self.assertEqual(json.loads(read(os.path.join(tmp, 'adversarial', 'ckpt-1')))['userDefinedMetadata']['perturber']['descriptor']['name'], 'adv 1')
            self.assertNotIn('userDefinedMetadata', json.loads(read(os.path.join(tmp, 'fixture'))))


if __name__ == '__main__':
    unittest.main()
