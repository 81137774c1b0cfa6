#!/usr/bin/python3
"""Plain-PyTorch reference of flemme4j's SeM/UNet (configs/sem-unet-reference.yaml), written from the
structure `./flemme inspect` prints (4,064,257 trainable parameters), for the training-step benchmark.

Run with Debian's interpreter (/usr/bin/python3, python3-torch). Prints one JSON object per line, like
dev.flemme4j.bench.TrainStepBench, for summarize.py.

    /usr/bin/python3 bench/python/unet_reference.py --mode=step --threads=2 --warmup=3 --steps=10
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


# ----------------------------------------------------------------------------- network

class ConvBlock(nn.Sequential):
    """conv 3×3 (bias) → BatchNorm → ReLU, spatial size kept."""

    def __init__(self, cin, cout):
        super().__init__(nn.Conv2d(cin, cout, 3, 1, 1, bias=True), nn.BatchNorm2d(cout), nn.ReLU())


def stage(cin, cout, hidden):
    """Two building blocks cin → hidden → cout (hidden as flemme4j's StageChannels chooses)."""
    return nn.Sequential(ConvBlock(cin, hidden), ConvBlock(hidden, cout))


class UpSampling(nn.Sequential):
    """ConvTranspose(c→c, k=4, s=2, p=1) then a 1×1 conv (bias) to the new width."""

    def __init__(self, cin, cout):
        super().__init__(nn.ConvTranspose2d(cin, cin, 4, 2, 1, bias=True), nn.Conv2d(cin, cout, 1, bias=True))


class SeMUNet(nn.Module):
    def __init__(self, cin=1, cout=1):
        super().__init__()
        self.image_proj = nn.Conv2d(cin, 32, 4, 2, 1)            # 64² → 32²
        self.d_conv0 = stage(32, 64, 32)
        self.down0 = nn.Conv2d(64, 64, 4, 2, 1)                   # → 16²
        self.d_conv1 = stage(64, 128, 64)
        self.down1 = nn.Conv2d(128, 128, 4, 2, 1)                 # → 8²
        self.middle0 = stage(128, 256, 128)
        self.middle1 = stage(256, 256, 256)
        self.up0 = UpSampling(256, 128)                            # → 16²
        self.u_conv0 = stage(256, 128, 128)                        # input: cat(skip 128, up 128)
        self.up1 = UpSampling(128, 64)                             # → 32²
        self.u_conv1 = stage(128, 64, 64)
        self.image_back_proj = UpSampling(64, cout)                # → 64²

    def forward(self, x):
        x = self.image_proj(x)
        s0 = self.d_conv0(x)
        x = self.down0(s0)
        s1 = self.d_conv1(x)
        x = self.down1(s1)
        x = self.middle1(self.middle0(x))
        x = self.u_conv0(torch.cat([s1, self.up0(x)], 1))        # skip first, as flemme4j's UNetDecoder
        x = self.u_conv1(torch.cat([s0, self.up1(x)], 1))
        return self.image_back_proj(x)


def seg_loss(logits, target):
    """Dice (sigmoid; per sample·channel 1 - max(2Σxy,1e-8)/max(Σx²+Σy²,1e-8); mean) + BCEWithLogits (mean)."""
    b, c = logits.shape[:2]
    x = torch.sigmoid(logits).reshape(b, c, -1)
    y = target.reshape(b, c, -1)
    num = (2 * (x * y).sum(2)).clamp_min(1e-8)
    den = ((x * x).sum(2) + (y * y).sum(2)).clamp_min(1e-8)
    dice = (1 - num / den).mean(1).mean()
    bce = F.binary_cross_entropy_with_logits(logits, target)
    return dice + bce


# ----------------------------------------------------------------------------- helpers

def emit(**kw):
    print(json.dumps(kw), flush=True)


def ms(t):
    return t * 1e3


def median(v):
    s = sorted(v)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


# one sample of the network's input and target; point-cloud references swap in (points, channels) shapes
INPUT_SHAPE = (1, 64, 64)
TARGET_SHAPE = (1, 64, 64)
# point clouds are (B, N, C): the loss sees them channels first, as flemme4j's channels-last loss wrapper does
CHANNELS_LAST = False


def step_bench(args, label):
    model = SeMUNet()
    model.train()
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    emit(kind="model", side=label, parameters=params, input=[args["batch"], *INPUT_SHAPE])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0)
    g = torch.Generator().manual_seed(args["seed"])
    pool = [(torch.randn(args["batch"], *INPUT_SHAPE, generator=g),
             (torch.rand(args["batch"], *TARGET_SHAPE, generator=g) > 0.5).float()) for _ in range(4)]
    for i in range(args["warmup"] + args["steps"]):
        x, y = pool[i % 4]
        c0 = time.process_time()
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=False)   # as the worker's Gradients.zero
        t1 = time.perf_counter()
        pred = model(x)
        t2 = time.perf_counter()
        loss = seg_loss(pred.transpose(1, 2), y.transpose(1, 2)) if CHANNELS_LAST else seg_loss(pred, y)
        t3 = time.perf_counter()
        loss.backward()
        lv = loss.item()
        t4 = time.perf_counter()
        opt.step()
        t5 = time.perf_counter()
        cpu = ms(time.process_time() - c0)
        if i >= args["warmup"]:
            emit(kind="step", side=label, i=i - args["warmup"], total_ms=ms(t5 - t0), zero_grad_ms=ms(t1 - t0),
                 forward_ms=ms(t2 - t1), loss_ms=ms(t3 - t2), backward_ms=ms(t4 - t3), update_ms=ms(t5 - t4), cpu_ms=cpu, loss=lv)


def layer(label, name, c, l, args, shape, f):
    fwd, fb = [], []
    for i in range(args["warmup"] + args["steps"]):
        x = torch.randn(*shape, requires_grad=True)
        t0 = time.perf_counter()
        y = f(x)
        t1 = time.perf_counter()
        y.sum().backward()
        t2 = time.perf_counter()
        if i >= args["warmup"]:
            fwd.append(ms(t1 - t0))
            fb.append(ms(t2 - t0))
    emit(kind="layer", side=label, name=name, c=c, l=l, forward_ms=median(fwd), fwd_bwd_ms=median(fb))


def layer_bench(args, label):
    b = args["batch"]
    for c, l in ((256, 8), (128, 16), (64, 32)):
        ct = nn.ConvTranspose2d(c, c, 4, 2, 1)
        layer(label, "convT_native", c, l, args, (b, c, l, l), ct)
        k3 = nn.Conv2d(c, 4 * c, 3, 1, 1, bias=False)
        layer(label, "conv_k3_c->4c(bare packed conv)", c, l, args, (b, c, l, l), k3)
        k2 = nn.Conv2d(c, 4 * c, 2, 1, 1, bias=False)
        layer(label, "conv_k2_c->4c(bare minimal conv)", c, l, args, (b, c, l, l), k2)
    def loss_only(x):
        y = (torch.rand(b, 1, 64, 64) > 0.5).float()
        return seg_loss(x, y)
    layer(label, "loss_dice+bcel", 1, 64, args, (b, 1, 64, 64), loss_only)
    a, c1 = torch.ones(1), torch.ones(1)
    n = 20000
    for _ in range(n):
        a + c1
    t0 = time.perf_counter()
    for _ in range(n):
        a + c1
    emit(kind="tiny_op", side=label, us_per_op=(time.perf_counter() - t0) * 1e6 / n)


def main():
    args = {"mode": "step", "threads": 2, "warmup": 3, "steps": 10, "batch": 16, "seed": 0, "label": "pytorch"}
    for a in sys.argv[1:]:
        k, v = a[2:].split("=", 1)
        args[k] = v if k in ("mode", "label") else int(v)
    torch.set_num_threads(args["threads"])
    torch.set_num_interop_threads(1)
    torch.manual_seed(args["seed"])
    label = args["label"]
    emit(kind="info", side=label, engine="PyTorch " + torch.__version__, intra_op_threads=torch.get_num_threads(),
         inter_op_threads=torch.get_num_interop_threads(), mkldnn=torch.backends.mkldnn.is_available(),
         mkl=torch.backends.mkl.is_available())
    if args["mode"] == "step":
        step_bench(args, label)
    else:
        layer_bench(args, label)


if __name__ == "__main__":
    main()
