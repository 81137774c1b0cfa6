# Reference checksums for DNetForwardTest: upstream Flemme's DNet forward pass with deterministic weights.
# Every parameter gets w[k] = amp * sin(0.7 k + 0.01 * (sum of the name's character codes)), k the flat
# (row-major) index and amp = 1 / sqrt(numel / shape[0]); the input is x[k] = sin(0.05 k). The Java test fills
# its parameters the same way under the upstream name of each one, so equal checksums mean the same wiring.
# Printed per case: for the latent, every encoder stage output, every decoder up stage output and the image,
# in that order, 'Σ t_k sin(0.1 k)/Σ|t_k|' (k the flat index). The final image alone is not enough: its
# deep-feature contribution is tiny, so a wrong concatenation order in the encoder moves it by ~1e-6.
# Run with Debian's torch 1.13 against upstream wlsdzyzl/flemme 86abf06 in $FLEMME_REF:
#   FLEMME_REF=/tmp/flemme-ref FLEMME_STUBS=/tmp/flemme-ref/stubs /usr/bin/python3 dnet_forward.py
import logging
import math
import os
import sys

import yaml

sys.path.insert(0, os.environ.get('FLEMME_STUBS', '/tmp/flemme-ref/stubs'))
sys.path.insert(0, os.environ.get('FLEMME_REF', '/tmp/flemme-ref'))
logging.disable(logging.CRITICAL)
import torch  # noqa: E402
from flemme.model import create_model  # noqa: E402

torch.set_default_dtype(torch.float64)  # the reference in double precision; the Java side runs float32

CASES = [
    'image_size: [16, 16];down_channels: [8, 16, 16];middle_channels: [32]',
    'image_size: [16, 16, 16];down_channels: [8, 16];middle_channels: [16];dsample_function: max_pooling',
    'image_size: [24, 32];down_channels: [8, 16, 16];shape_scaling: [2, 1, 2];middle_channels: [32]',
]


def fill(name, p):
    phase = 0.01 * sum(ord(c) for c in name)
    amp = 1.0 / math.sqrt(max(1, p.numel() // p.shape[0]))
    k = torch.arange(p.numel(), dtype=torch.float64)
    p.copy_((amp * torch.sin(0.7 * k + phase)).reshape(p.shape))


for keys in CASES:
    cfg = {'name': 'SeM', 'segmentation_losses': [{'name': 'Dice'}],
           'encoder': {'name': 'DNet', 'in_channel': 1, 'out_channel': 1, 'patch_channel': 8}}
    for k in keys.split(';'):
        cfg['encoder'].update(yaml.safe_load(k))
    size = cfg['encoder']['image_size']  # create_model consumes the config
    m = create_model(cfg).double()
    with torch.no_grad():
        for name, p in m.named_parameters():
            fill(name, p)
        m.eval()
        shape = [2, 1] + size
        n = math.prod(shape)
        x = torch.sin(0.05 * torch.arange(n, dtype=torch.float64)).reshape(shape)
        latent, skips = m.encoder(x)
        m.decoder.return_feature_list = True  # also return every up stage's output
        y, features = m.decoder((latent, skips))
        checks = []
        for t in [latent] + skips + features + [y]:
            t = t.flatten()
            wave = torch.sin(0.1 * torch.arange(t.numel(), dtype=torch.float64))
            checks.append(f'{(t * wave).sum().item():.9g}/{t.abs().sum().item():.9g}')
        print(keys + ' | ' + ' '.join(checks))
