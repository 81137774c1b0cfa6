#!/usr/bin/python3
"""Reads the JSON lines of interleaved bench runs (files given on the command line, in run order) and prints
median/p90 step times per side, the DJL/PyTorch ratio (pooled and per round), the phase split, and the
layer micro-benchmarks when present."""
import json
import sys
from collections import defaultdict


def pct(v, q):
    s = sorted(v)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def load(path):
    out = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                out.append(json.loads(line))
    return out


def main():
    runs = [(p, load(p)) for p in sys.argv[1:]]
    steps = defaultdict(list)          # side -> all step records
    per_round = defaultdict(list)      # side -> [median of each run]
    info, models, leaks, ops, layers, tiny, checks = {}, {}, defaultdict(list), {}, defaultdict(list), defaultdict(list), []
    inputs = {}
    for _, recs in runs:
        run_steps = defaultdict(list)
        for r in recs:
            k, side = r["kind"], r.get("side")
            if k == "info":
                info[side] = r
            elif k == "model":
                models[side] = r["parameters"]
                inputs[side] = r.get("input")
            elif k == "step":
                steps[side].append(r)
                run_steps[side].append(r["total_ms"])
            elif k == "leak":
                leaks[side].append(r)
            elif k == "ops":
                ops[side] = r
            elif k == "layer":
                layers[(r["name"], r["c"], r["l"], side)].append(r)
            elif k == "tiny_op":
                tiny[side].append(r["us_per_op"])
            elif k == "check":
                checks.append(r)
        for side, v in run_steps.items():
            per_round[side].append(pct(v, 0.5))
    sides = [s for s in ("djl", "pytorch") if s in steps] + [s for s in steps if s not in ("djl", "pytorch")]
    if steps:
        shape = next((v for v in inputs.values() if v), None)
        # the sides' model lines carry the batch input shape; the parameter counts name the network
        print(f"== training step, input {shape} (batch first), CPU ==")
        for s in sides:
            i = info.get(s, {})
            isa = f", ONEDNN_MAX_CPU_ISA={i['onednn_max_cpu_isa']}" if "onednn_max_cpu_isa" in i else ""
            print(f"  {s:8s} {i.get('engine', '?'):18s} intra-op threads {i.get('intra_op_threads')}, inter-op "
                  f"{i.get('inter_op_threads')}, trainable parameters {models.get(s)}{isa}")
        print(f"  {'side':8s} {'steps':>5s} {'median ms':>10s} {'p90 ms':>8s}   per-round medians (spread)")
        for s in sides:
            t = [r["total_ms"] for r in steps[s]]
            rounds = per_round[s]
            print(f"  {s:8s} {len(t):5d} {pct(t, .5):10.1f} {pct(t, .9):8.1f}   "
                  + ", ".join(f"{m:.0f}" for m in rounds)
                  + f"  (min..max {min(rounds):.0f}..{max(rounds):.0f})")
        for s in [s for s in sides if s != "pytorch" and "pytorch" in steps]:
            d = pct([r["total_ms"] for r in steps[s]], .5)
            p = pct([r["total_ms"] for r in steps["pytorch"]], .5)
            rr = [a / b for a, b in zip(per_round[s], per_round["pytorch"])]
            name = "DJL" if s == "djl" else s
            print(f"  RATIO {name}/PyTorch (median step time): {d / p:.3f}x   per round: "
                  + ", ".join(f"{x:.2f}" for x in rr) + f"   (goal <= 1.0x)")
        for s in [s for s in sides if s.startswith("djl-") and "djl" in steps]:
            rr = [a / b for a, b in zip(per_round["djl"], per_round[s])]
            print(f"  RATIO DJL/{s} (same step, other oneDNN kernels): "
                  f"{pct([r['total_ms'] for r in steps['djl']], .5) / pct([r['total_ms'] for r in steps[s]], .5):.3f}x"
                  "   per round: " + ", ".join(f"{x:.2f}" for x in rr))
        if "djl" in steps and "pytorch" in steps:
            print(f"  caveat: DJL runs libtorch {info['djl'].get('engine', '?').split()[-1]} (DJL's bundled natives), the reference "
                  f"runs Debian's {info['pytorch'].get('engine', '?')}; kernels (oneDNN/MKL vs OpenBLAS builds) differ, "
                  "so the ratio mixes framework overhead with library version.")
        if all("cpu_ms" in r for s in sides for r in steps[s]):
            cd = {s: pct([r["cpu_ms"] for r in steps[s]], .5) for s in sides}
            print("  process CPU time per step (user+sys, all threads; less sensitive to other load): "
                  + ", ".join(f"{s} {cd[s]:.0f} ms" for s in sides)
                  + "".join(f"; {s}/pytorch {cd[s] / cd['pytorch']:.3f}x" for s in sides if s != "pytorch" and "pytorch" in cd))
        print("  phase medians (ms):")
        phases = ("zero_grad_ms", "forward_ms", "loss_ms", "backward_ms", "update_ms")
        print(f"  {'side':8s} " + " ".join(f"{p[:-3]:>10s}" for p in phases))
        for s in sides:
            print(f"  {s:8s} " + " ".join(f"{pct([r[p] for r in steps[s]], .5):10.1f}" for p in phases))
        for s, ls in leaks.items():
            grow = [l["model_manager_arrays_after"] - l["model_manager_arrays_before"] for l in ls]
            rss = [(l["rss_mib_after"] - l["rss_mib_before"]) / max(1, l["steps"]) for l in ls]
            print(f"  {s}: arrays left in the model's NDManager per timed step: "
                  + ", ".join(f"{g / max(1, l['steps']):.1f}" for g, l in zip(grow, ls))
                  + "; RSS growth MiB/step: " + ", ".join(f"{x:.1f}" for x in rss))
        for s, o in ops.items():
            print(f"  {s}: NDArrays created per step in the step scope: forward {o['arrays_after_forward']}, "
                  f"forward+loss {o['arrays_after_loss']}")
    if layers:
        print("== layer micro-benchmarks (batch 16, medians over rounds of per-run medians, ms) ==")
        print(f"  {'layer':36s} {'C':>4s} {'L':>3s} {'side':8s} {'forward':>8s} {'fwd+bwd':>8s}")
        for (name, c, l, side), rs in sorted(layers.items(), key=lambda kv: (-kv[0][1], kv[0][3], kv[0][0])):
            print(f"  {name:36s} {c:4d} {l:3d} {side:8s} {pct([r['forward_ms'] for r in rs], .5):8.2f} "
                  f"{pct([r['fwd_bwd_ms'] for r in rs], .5):8.2f}")
        for side, v in tiny.items():
            print(f"  one tiny op (1-element add), {side}: {pct(v, .5):.2f} µs")
        for c in checks:
            print(f"  check {c['what']} (C={c['c']}, L={c['l']}): {c['value']}")


if __name__ == "__main__":
    main()
