# Reference numbers for DNetTest: upstream Flemme's parameter count and output shape for each DNet config.
# Run with Debian's torch 1.13 against upstream wlsdzyzl/flemme 86abf06 checked out in $FLEMME_REF
# (transformer/mamba/point-cloud switched off in flemme/config.py, stub modules on $FLEMME_STUBS):
#   FLEMME_REF=/tmp/flemme-ref FLEMME_STUBS=/tmp/flemme-ref/stubs /usr/bin/python3 dnet_counts.py
import logging
import os
import sys

import yaml

sys.path.insert(0, os.environ.get('FLEMME_STUBS', '/tmp/flemme-ref/stubs'))
sys.path.insert(0, os.environ.get('FLEMME_REF', '/tmp/flemme-ref'))
logging.disable(logging.CRITICAL)
import torch  # noqa: E402
from flemme.model import create_model  # noqa: E402

BASE = """
name: {model}
segmentation_losses: [{{name: Dice}}]
encoder:
  name: DNet
  in_channel: 1
  out_channel: 1
  patch_channel: 8
"""
# one line per case: model name, then the encoder keys separated by ';' (as in DNetTest's tables)
CASES = [
    ('SeM', 'image_size: [16, 16];down_channels: [8, 16, 16];middle_channels: [32]'),
    ('SeM', 'image_size: [32, 32];building_block: res;down_channels: [8, 16, 16, 32];middle_channels: [32, 64];'
            'final_channels: [8];channel_attention: eca'),
    ('SeM', 'image_size: [16, 16, 16];down_channels: [8, 16];middle_channels: [16];dsample_function: max_pooling'),
    ('SeM', 'image_size: [32, 64];down_channels: [8, 16, 16];shape_scaling: [2, 4, 2];middle_channels: [32];'
            'down_attens: [null, null, atten]'),
    ('SeM', 'image_size: [24, 32];down_channels: [8, 16, 16];shape_scaling: [2, 1, 2];middle_channels: [32]'),
    ('SeM', 'image_size: [48, 48];down_channels: [8, 16];shape_scaling: [2, 3];middle_channels: [32]'),
    ('SeM', 'image_size: [8, 8, 16];patch_size: 1;building_block: double;normalization: batch;down_channels: [8, 8, 16];'
            'middle_channels: [16];dsample_function: avg_pooling;num_blocks: 1'),
    ('SeM', 'image_size: [32, 32];normalization: instance;activation: silu;down_channels: [16, 16, 32];'
            'middle_channels: [32, 64];abs_pos_embedding: true;depthwise: true'),
    ('AE', 'image_size: [16, 16];down_channels: [8, 16, 16];middle_channels: [32]'),
    ('HSeM', 'image_size: [32, 32];down_channels: [16, 16, 32];middle_channels: [32]'),
]


def build(model, keys):
    cfg = yaml.safe_load(BASE.format(model=model))
    for k in keys.split(';'):
        cfg['encoder'].update(yaml.safe_load(k))
    if model == 'AE':
        cfg['reconstruction_losses'] = [{'name': 'MSE'}]
        del cfg['segmentation_losses']
    return cfg


for model, keys in CASES:
    cfg = build(model, keys)
    size = cfg['encoder']['image_size']
    try:
        m = create_model(cfg)
        n = sum(p.numel() for p in m.parameters())
        m.eval()
        with torch.no_grad():
            out = m(torch.randn(2, 1, *size))
        y = out['seg_logits'] if 'seg_logits' in out else out['recon']
        if isinstance(y, (list, tuple)):  # hierarchical models: the combined output first
            y = y[0]
        print(f'{model} | {keys} | {n} | {tuple(y.shape)} | finite={bool(torch.isfinite(y).all())}')
    except BaseException as e:  # upstream exits on bad configs; report it instead of stopping
        print(f'{model} | {keys} | FAILS {type(e).__name__}: {e}')
