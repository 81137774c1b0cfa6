"""Records upstream Flemme's PointNet forward pass for pointnet_forward.yaml (measurement only, never shipped).

  PYTHONPATH=<checkout>:<dir of sitecustomize_stub.py> /usr/bin/python3 export_upstream_forward.py pointnet_forward.yaml out.bin

out.bin holds float32 little-endian: every trainable parameter in flemme4j's block order (per dense block the
Linear weight (out, in) and bias, then the norm's weight and bias), then the input (2, 24, 3), then the output
(2, 24, out_channel) of model.eval() — i.e. the seg logits.
"""
import sys
import sitecustomize_stub  # noqa: F401
import numpy as np
import torch
import yaml
import flemme.block.pcd as pcd
pcd.KNN = None  # the CUDA kNN is stubbed; upstream then uses its own top-k neighbour search
from flemme.model import create_model

torch.manual_seed(0)
cfg = yaml.safe_load(open(sys.argv[1]))['model']
model = create_model(cfg).eval()
for p in model.parameters():  # away from the default init so norms' affine parts matter
    with torch.no_grad():
        p.add_(torch.randn_like(p) * 0.1)

def dense_block(prefix, sd):
    return [sd[prefix + 'linear.weight'], sd[prefix + 'linear.bias']] + \
        ([sd[prefix + 'norm.weight'], sd[prefix + 'norm.bias']] if prefix + 'norm.weight' in sd else [])

sd = dict(model.named_parameters())
def blocks(prefix):
    names = sorted({n[len(prefix):].split('.')[0] for n in sd if n.startswith(prefix)}, key=int)
    return [t for i in names for t in dense_block(prefix + i + '.', sd)]

order = [sd['encoder.point_proj.weight'], sd['encoder.point_proj.bias']]
lf = sorted({n.split('.')[2] for n in sd if n.startswith('encoder.lf.')}, key=int)
for i in lf:
    inner = 'encoder.lf.%s.bb.building_blocks.' % i
    order += blocks(inner) if any(n.startswith(inner) for n in sd) else blocks('encoder.lf.%s.building_blocks.' % i)
order += blocks('encoder.dense.') + blocks('decoder.dense.') + blocks('decoder.final.mlp.')
assert sum(t.numel() for t in order) == sum(p.numel() for p in model.parameters()), 'parameters missed'
x = torch.rand(2, 24, 3) * 2 - 1
with torch.no_grad():
    y = model.decoder(model.encoder(x))
with open(sys.argv[2], 'wb') as f:
    for t in order + [x, y]:
        f.write(t.detach().numpy().astype('<f4').tobytes())
print('parameters', sum(t.numel() for t in order), 'output', tuple(y.shape), 'max |y|', float(y.abs().max()))
