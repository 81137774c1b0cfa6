#!/usr/bin/python3
"""Plain-PyTorch reference of flemme4j's SeM/SwinU 64² (configs/sem-swinu-reference.yaml: upstream's
scripts/unittest/model_img_config.yaml settings, 3,607,279 trainable parameters), written from the structure
`./flemme inspect` prints, for the training-step benchmark. Channels-last inside, as a PyTorch Swin usually is.
Reuses unet_reference.py's step loop, loss and output format.

    /usr/bin/python3 bench/python/swinu_reference.py --mode=step --threads=2 --warmup=3 --steps=10
"""
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import unet_reference  # noqa: E402

WINDOW, HEADS, RATIO = 8, 3, 4.0


def hidden(cin, cout):
    raw = max(max(cin, cout) // 2, min(cin, cout))
    return (raw + 15) // 16 * 16


class WindowAttention(nn.Module):
    def __init__(self, c, grid, shift):
        super().__init__()
        self.c, self.grid, self.w = c, grid, min(WINDOW, grid)
        self.shift = shift if grid > self.w else 0
        self.dk = c // HEADS
        self.table = nn.Parameter(torch.randn((2 * self.w - 1) ** 2, HEADS) * 0.02)
        self.qkv = nn.Linear(c, 3 * HEADS * self.dk)
        self.proj = nn.Linear(HEADS * self.dk, c)
        r = torch.arange(self.w)
        yy, xx = torch.meshgrid(r, r, indexing='ij')
        pos = torch.stack([yy.flatten(), xx.flatten()])
        rel = (pos[:, :, None] - pos[:, None, :]) + self.w - 1
        self.register_buffer('index', rel[0] * (2 * self.w - 1) + rel[1])
        mask = None
        if self.shift:
            lab = torch.zeros(grid, grid)
            cuts = [(0, grid - self.w), (grid - self.w, grid - self.shift), (grid - self.shift, grid)]
            n = 0
            for a in cuts:
                for b in cuts:
                    lab[a[0]:a[1], b[0]:b[1]] = n
                    n += 1
            lw = self.partition(lab[None, :, :, None]).reshape(-1, self.w * self.w)
            mask = (lw[:, None, :] != lw[:, :, None]).float() * -100.0
        self.register_buffer('mask', mask)

    def partition(self, x):
        b, h, w, c = x.shape
        x = x.reshape(b, h // self.w, self.w, w // self.w, self.w, c).permute(0, 1, 3, 2, 4, 5)
        return x.reshape(-1, self.w * self.w, c)

    def forward(self, x):
        b, g = x.shape[0], self.grid
        if self.shift:
            x = torch.roll(x, (-self.shift, -self.shift), (1, 2))
        win = self.partition(x)
        n = win.shape[1]
        q, k, v = self.qkv(win).reshape(-1, n, 3, HEADS, self.dk).permute(2, 0, 3, 1, 4)
        att = q @ k.transpose(-2, -1) * self.dk ** -0.5
        att = att + self.table[self.index.reshape(-1)].reshape(n, n, -1).permute(2, 0, 1)
        if self.mask is not None:
            att = (att.reshape(b, -1, HEADS, n, n) + self.mask[None, :, None]).reshape(-1, HEADS, n, n)
        y = self.proj((att.softmax(-1) @ v).transpose(1, 2).reshape(-1, n, HEADS * self.dk))
        nw = g // self.w
        y = y.reshape(b, nw, nw, self.w, self.w, self.c).permute(0, 1, 3, 2, 4, 5).reshape(b, g, g, self.c)
        if self.shift:
            y = torch.roll(y, (self.shift, self.shift), (1, 2))
        return y


class SwinBlock(nn.Module):
    def __init__(self, cin, cout, grid, shift, drop):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(cin), nn.LayerNorm(cin)
        self.atten = WindowAttention(cin, grid, shift)
        h = int(cin * RATIO)
        self.mlp = nn.Sequential(nn.Linear(cin, h), nn.SiLU(), nn.Linear(h, cout), nn.SiLU())
        self.dense = nn.Linear(cin, cout) if cin != cout else nn.Identity()
        self.drop = drop

    def drop_path(self, x):
        if not self.training or self.drop == 0:
            return x
        keep = (torch.rand(x.shape[0], 1, 1, 1) >= self.drop).float() / (1 - self.drop)
        return x * keep

    def forward(self, x):
        x = x + self.drop_path(self.atten(self.norm1(x)))
        return self.dense(x) + self.drop_path(self.mlp(self.norm2(x)))


def stage(cin, cout, grid, drops):
    h = hidden(cin, cout)
    return nn.Sequential(SwinBlock(cin, h, grid, 0, drops[0]), SwinBlock(h, cout, grid, WINDOW // 2, drops[1]))


class Merge(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.norm, self.reduction = nn.LayerNorm(c), nn.Linear(4 * c, c, bias=False)

    def forward(self, x):
        x = torch.cat([x[:, 0::2, 0::2], x[:, 1::2, 0::2], x[:, 0::2, 1::2], x[:, 1::2, 1::2]], -1)
        return self.norm(self.reduction(x))


class Expand(nn.Module):
    def __init__(self, cin, cout, f, norm=True):
        super().__init__()
        self.f, self.cout = f, cout
        self.norm = nn.LayerNorm(cout) if norm else nn.Identity()
        self.expand = nn.Linear(cin, cout * f * f, bias=False)

    def forward(self, x):
        b, h, w, _ = x.shape
        x = self.expand(x).reshape(b, h, w, self.f, self.f, self.cout).permute(0, 1, 3, 2, 4, 5)
        return self.norm(x.reshape(b, h * self.f, w * self.f, self.cout))


class SeMSwinU(nn.Module):
    def __init__(self):
        super().__init__()
        d = torch.linspace(0, 0.1, 8).tolist()
        u = torch.linspace(0, 0.1, 4).tolist()[::-1]
        self.patch = nn.Conv2d(1, 32, 2, 2)
        self.d0, self.d1 = stage(32, 64, 32, d[0:2]), stage(64, 128, 16, d[2:4])
        self.m0, self.m1 = Merge(64), Merge(128)
        self.mid0, self.mid1 = stage(128, 256, 8, d[4:6]), stage(256, 256, 8, d[6:8])
        self.up0, self.up1 = Expand(256, 128, 2), Expand(128, 64, 2)
        self.u0, self.u1 = stage(256, 128, 16, u[0:2]), stage(128, 64, 32, u[2:4])
        self.recov, self.out = Expand(64, 64, 2, norm=False), nn.Linear(64, 1)

    def forward(self, x):
        x = self.patch(x).permute(0, 2, 3, 1)
        s0 = self.d0(x)
        s1 = self.d1(self.m0(s0))
        x = self.mid1(self.mid0(self.m1(s1)))
        x = self.u0(torch.cat([s1, self.up0(x)], -1))
        x = self.u1(torch.cat([s0, self.up1(x)], -1))
        return self.out(self.recov(x)).permute(0, 3, 1, 2)


if __name__ == "__main__":
    unet_reference.SeMUNet = SeMSwinU
    unet_reference.main()
