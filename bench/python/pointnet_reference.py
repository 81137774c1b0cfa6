"""Plain-PyTorch reference of flemme4j's SeM/PointNet at 2048 points (configs/sem-pointnet-reference.yaml: upstream's
scripts/unittest/model_pcd_config.yaml settings, 3,002,030 trainable parameters), written from the structure
`./flemme inspect` prints, for the training-step benchmark. Channels first inside (B, C, N): per-point linear
layers are 1x1 Conv1d, which GroupNorm reads without transposes. Reuses unet_reference.py's step loop, loss and
output format.

    /usr/bin/python3 bench/python/pointnet_reference.py --mode=step --threads=2 --warmup=3 --steps=10
"""
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import unet_reference  # noqa: E402

POINTS, CLASSES = 2048, 46


def dense(cin, cout, plain=False):
    if plain:
        return nn.Conv1d(cin, cout, 1)
    return nn.Sequential(nn.Conv1d(cin, cout, 1), nn.GroupNorm(8, cout), nn.LeakyReLU(0.01))


class SeMPointNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = dense(3, 64, plain=True)
        self.local = nn.ModuleList([dense(64, 64), dense(64, 64), dense(64, 128), dense(128, 256)])
        self.last = dense(512, 512)          # all local features concatenated
        self.enc = dense(1536, 1024)         # max ‖ mean pooled (1024), repeated per point, ‖ point features (512)
        widths = [1024, 512, 512, 256, 256, 128]
        self.dec = nn.Sequential(*[dense(a, b) for a, b in zip(widths, widths[1:])])
        self.final = nn.Sequential(dense(128, 512), dense(512, CLASSES, plain=True))

    def forward(self, cloud):
        x = self.proj(cloud.transpose(1, 2))
        feats = []
        for f in self.local:
            x = f(x)
            feats.append(x)
        pf = self.last(torch.cat(feats, 1))
        pooled = torch.cat([pf.amax(2, keepdim=True), pf.mean(2, keepdim=True)], 1)
        h = self.enc(torch.cat([pooled.expand(-1, -1, pf.shape[2]), pf], 1))
        return self.final(self.dec(h)).transpose(1, 2)


if __name__ == "__main__":
    unet_reference.SeMUNet = SeMPointNet
    unet_reference.INPUT_SHAPE = (POINTS, 3)
    unet_reference.TARGET_SHAPE = (POINTS, CLASSES)
    unet_reference.CHANNELS_LAST = True
    unet_reference.main()
