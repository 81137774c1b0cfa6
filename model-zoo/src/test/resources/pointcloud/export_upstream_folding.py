"""Records upstream Flemme's PointNet + FoldingNet decoder forward passes for folding_forward.yaml (measurement
only, never shipped).

  PYTHONPATH=<checkout>:<dir of sitecustomize_stub.py> /usr/bin/python3 export_upstream_folding.py folding_forward.yaml out.bin

For each model out.bin holds float32 little-endian: every trainable parameter in flemme4j's block order (encoder
projection, local-feature stages, encoder dense path, decoder dense path, each fold's MLP; per dense block the Linear
weight (out, in) and bias, then the norm's weight and bias), the input (2, point_num, 3) and the eval-mode output.
"""
import copy
import sys
import sitecustomize_stub  # noqa: F401
import torch
import yaml
from flemme.model import create_model

torch.manual_seed(0)
with open(sys.argv[2], 'wb') as f:
    for cfg in yaml.safe_load(open(sys.argv[1]))['models']:
        n = cfg['encoder']['point_num']
        model = create_model(copy.deepcopy(cfg)).eval()
        for p in model.parameters():
            with torch.no_grad():
                p.add_(torch.randn_like(p) * 0.1)
        sd = dict(model.named_parameters())

        def blocks(prefix):
            names = sorted({k[len(prefix):].split('.')[0] for k in sd if k.startswith(prefix)}, key=int)
            out = []
            for i in names:
                q = prefix + i + '.'
                out += [sd[q + 'linear.weight'], sd[q + 'linear.bias']]
                if q + 'norm.weight' in sd:
                    out += [sd[q + 'norm.weight'], sd[q + 'norm.bias']]
            return out
        order = [sd['encoder.point_proj.weight'], sd['encoder.point_proj.bias']]
        for i in sorted({k.split('.')[2] for k in sd if k.startswith('encoder.lf.')}, key=int):
            inner = 'encoder.lf.%s.bb.building_blocks.' % i
            order += blocks(inner) if any(k.startswith(inner) for k in sd) else blocks('encoder.lf.%s.building_blocks.' % i)
        order += blocks('encoder.dense.') + blocks('decoder.dense.')
        for i in range(len(model.decoder.fold)):
            order += blocks('decoder.fold.%d.mlp.' % i)
        assert sum(t.numel() for t in order) == sum(p.numel() for p in model.parameters()), sorted(sd)
        x = torch.rand(2, n, 3) * 2 - 1
        with torch.no_grad():
            y = model.decoder(model.encoder(x))
        for t in order + [x, y]:
            f.write(t.detach().numpy().astype('<f4').tobytes())
        print(cfg['name'], 'parameters', sum(t.numel() for t in order), 'output', tuple(y.shape))
