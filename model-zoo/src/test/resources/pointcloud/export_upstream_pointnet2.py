"""Records upstream Flemme's PointNet2 forward passes for pointnet2_forward.yaml (measurement only, never shipped).

  PYTHONPATH=<checkout>:<dir of sitecustomize_stub.py> /usr/bin/python3 export_upstream_pointnet2.py pointnet2_forward.yaml out.bin

Upstream's sampling, grouping and interpolation run in CUDA kernels (pcd_ops) that Debian's torch cannot build;
they are replaced here by plain loops written from the kernels' definitions (below), while every layer, concat
order and pooling is upstream's own module code. For each model out.bin holds float32 little-endian: every
trainable parameter in flemme4j's block order (projection, each sampling layer's scales, the encoder's dense path,
each propagation layer, the final MLP; per dense block Linear weight (out, in), bias, then the norm's weight and
bias), the input (2, point_num, 3) and the eval-mode output (2, point_num, out_channel).
"""
import copy
import sys
import sitecustomize_stub  # noqa: F401
import numpy as np
import torch
import yaml
import flemme.block.pcd_utils as pu
import flemme.block.pcd as pcd


def fps(xyz, m):
    out = []
    for cloud in xyz.detach().numpy().astype(np.float32):
        n = cloud.shape[0]
        temp = np.full(n, 1e10, dtype=np.float32)
        far = ((cloud ** 2).sum(1) > 1e-3)
        idx, last = [0], 0
        for _ in range(1, m):
            d = ((cloud - cloud[last]) ** 2).sum(1).astype(np.float32)
            temp = np.where(far, np.minimum(d, temp), temp)
            cand = np.where(far, temp, -1.0)
            last = int(np.argmax(cand)) if far.any() else 0
            idx.append(last)
        out.append(idx)
    return torch.tensor(out, dtype=torch.int32)


def ball_query(radius, nsample, xyz, new_xyz):
    xs, cs = xyz.detach().numpy(), new_xyz.detach().numpy()
    idx = np.zeros((xs.shape[0], cs.shape[1], nsample), dtype=np.int32)
    dist = np.zeros(idx.shape, dtype=np.float32)
    for b in range(xs.shape[0]):
        for j in range(cs.shape[1]):
            d2 = ((xs[b] - cs[b, j]) ** 2).sum(1)
            hits = np.nonzero(d2 < np.float32(radius * radius))[0][:nsample]
            if len(hits):
                idx[b, j, :] = hits[0]
                dist[b, j, :] = d2[hits[0]]
                idx[b, j, :len(hits)] = hits
                dist[b, j, :len(hits)] = d2[hits]
    return torch.from_numpy(idx), torch.from_numpy(dist)


def grouping(features, idx):
    b, c, _ = features.shape
    _, m, k = idx.shape
    flat = idx.long().reshape(b, 1, m * k).expand(b, c, m * k)
    return torch.gather(features, 2, flat).reshape(b, c, m, k)


def three_nn(unknown, known):
    d2 = ((unknown[:, :, None, :] - known[:, None, :, :]) ** 2).sum(-1)
    order = torch.from_numpy(np.argsort(d2.detach().numpy(), axis=-1, kind='stable')[..., :3].copy())
    return torch.sqrt(torch.gather(d2, 2, order)), order.int()


def three_interpolate(features, idx, weight):
    b, c, _ = features.shape
    n = idx.shape[1]
    g = torch.gather(features, 2, idx.long().reshape(b, 1, n * 3).expand(b, c, n * 3)).reshape(b, c, n, 3)
    return (g * weight[:, None, :, :]).sum(-1)


pu.ball_query, pu.grouping_operation = ball_query, grouping
pcd.furthest_point_sample, pcd.three_nn, pcd.three_interpolate = fps, three_nn, three_interpolate
from flemme.model import create_model  # noqa: E402

torch.manual_seed(0)
models = yaml.safe_load(open(sys.argv[1]))['models']
sd_all = []
with open(sys.argv[2], 'wb') as f:
    for cfg in models:
        n = cfg["encoder"]["point_num"]
        model = create_model(copy.deepcopy(cfg)).eval()
        for p in model.parameters():
            with torch.no_grad():
                p.add_(torch.randn_like(p) * 0.1)
        sd = dict(model.named_parameters())

        def blocks(prefix):
            names = sorted({n[len(prefix):].split('.')[0] for n in sd if n.startswith(prefix)}, key=int)
            out = []
            for i in names:
                p = prefix + i + '.'
                out += [sd[p + 'linear.weight'], sd[p + 'linear.bias']]
                if p + 'norm.weight' in sd:
                    out += [sd[p + 'norm.weight'], sd[p + 'norm.bias']]
            return out
        order = [sd['encoder.point_proj.weight'], sd['encoder.point_proj.bias']]
        for l in range(len(model.encoder.msg)):
            for s in range(len(model.encoder.msg[l].bb)):
                order += blocks('encoder.msg.%d.bb.%d.building_blocks.' % (l, s))
        order += blocks('encoder.dense.')
        for i in range(len(model.decoder.fp)):
            order += blocks('decoder.fp.%d.bb.building_blocks.' % i)
        order += blocks('decoder.final.mlp.')
        assert sum(t.numel() for t in order) == sum(p.numel() for p in model.parameters()), \
            ('parameters missed', sorted(sd)[:40])

        x = torch.rand(2, n, 3) * 2 - 1
        with torch.no_grad():
            y = model.decoder(model.encoder(x))
        for t in order + [x, y]:
            f.write(t.detach().numpy().astype('<f4').tobytes())
        print(cfg['name'], 'parameters', sum(t.numel() for t in order), 'output', tuple(y.shape), 'max |y|', float(y.abs().max()))
