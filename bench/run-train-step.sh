#!/usr/bin/env bash
# Training-step benchmark: flemme4j's DJL step (model-zoo SeM/UNet + worker's TorchAdam) against a plain-PyTorch
# reference of the same network (bench/python/unet_reference.py, Debian python3-torch), SeM/UNet 64², batch 16,
# CPU, same thread count, runs interleaved (DJL, PyTorch, DJL, PyTorch, ...). Prints medians, p90, the ratio.
#
#   bench/run-train-step.sh                     # defaults below
#   ROUNDS=5 STEPS=20 THREADS=1 bench/run-train-step.sh
#   LAYERS=1 bench/run-train-step.sh            # also the layer micro-benchmarks (ConvTranspose, loss, JNI op)
#   COMPARE_ISA=SSE41 bench/run-train-step.sh   # each round also runs the DJL side with this ONEDNN_MAX_CPU_ISA
#   REFERENCE=swinu bench/run-train-step.sh     # SeM/SwinU 64² (configs/sem-swinu-reference.yaml, swinu_reference.py)
#   REFERENCE=pointnet bench/run-train-step.sh  # SeM/PointNet, 2048 points (configs/sem-pointnet-reference.yaml, pointnet_reference.py)
#
# Environment: THREADS (default: nproc), ROUNDS (3), WARMUP (3), STEPS (10), BATCH (16), SEED (0),
# LAYERS (0), SKIP_BUILD (0), PYTHON (/usr/bin/python3), OUT (bench/out/<timestamp>),
# DJL_ARGS (extra DJL-side arguments, e.g. "--adam=djl"), COMPARE_ISA (unset), ONEDNN_MAX_CPU_ISA (the DJL side's
# oneDNN kernels: yours, else this host's verdict as ./flemme uses it, probed once if none is cached).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
THREADS="${THREADS:-$(nproc)}"
ROUNDS="${ROUNDS:-3}"
WARMUP="${WARMUP:-3}"
STEPS="${STEPS:-10}"
BATCH="${BATCH:-16}"
SEED="${SEED:-0}"
LAYERS="${LAYERS:-0}"
PYTHON="${PYTHON:-/usr/bin/python3}"
OUT="${OUT:-$ROOT/bench/out/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"

if ! "$PYTHON" -c 'import torch' 2> /dev/null; then
    echo "no torch for $PYTHON: apt-get install -y python3-torch (Debian's PyTorch runs under /usr/bin/python3)" >&2
    exit 2
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "building bench (./mvnw -Pbench -pl bench -am package -DskipTests)..." >&2
    (cd "$ROOT" && ./mvnw -q -Pbench -pl bench -am -DskipTests package) >&2
fi
CP="$ROOT/bench/target/flemme4j-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*"
export OPT_OUT_TRACKING=true
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$ROOT/.flemme/djl-cache}"
# The DJL side runs with the oneDNN kernels ./flemme would choose on this host; the PyTorch reference keeps its own.
# shellcheck source=worker/src/main/sh/cpu-kernels.sh
source "$ROOT/worker/src/main/sh/cpu-kernels.sh"
flemme_kernels_apply "$ROOT/bench/target/lib" "$ROOT/flemme" kernels --probe
KERNELS="ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-<unset>} (${FLEMME_CPU_KERNELS_SOURCE:-default}${FLEMME_CPU_KERNELS_VERDICT:+, $FLEMME_CPU_KERNELS_VERDICT})"
# libtorch (both sides) sizes its OpenMP pool from this too; the explicit settings below are what counts
export OMP_NUM_THREADS="$THREADS" MKL_NUM_THREADS="$THREADS"
COMMON=(--threads="$THREADS" --warmup="$WARMUP" --steps="$STEPS" --batch="$BATCH" --seed="$SEED")

djl() {
    java -Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1 \
        -Dlogback.configurationFile="$ROOT/bench/src/main/resources/logback-bench.xml" \
        -cp "$CP" dev.flemme4j.bench.TrainStepBench --config="$ROOT/configs/sem-${REFERENCE:-unet}-reference.yaml" "$@"
}
ref() {
    "$PYTHON" "$ROOT/bench/python/${REFERENCE:-unet}_reference.py" "$@"
}

files=()
for r in $(seq 1 "$ROUNDS"); do
    echo "round $r/$ROUNDS: DJL step..." >&2
    # shellcheck disable=SC2086
    djl --mode=step "${COMMON[@]}" ${DJL_ARGS:-} > "$OUT/step-$r-djl.jsonl"
    files+=("$OUT/step-$r-djl.jsonl")
    if [[ -n "${COMPARE_ISA:-}" ]]; then
        echo "round $r/$ROUNDS: DJL step with ONEDNN_MAX_CPU_ISA=$COMPARE_ISA..." >&2
        # shellcheck disable=SC2086
        ONEDNN_MAX_CPU_ISA="$COMPARE_ISA" djl --mode=step "${COMMON[@]}" --label="djl-$COMPARE_ISA" ${DJL_ARGS:-} \
            > "$OUT/step-$r-djl-$COMPARE_ISA.jsonl"
        files+=("$OUT/step-$r-djl-$COMPARE_ISA.jsonl")
    fi
    echo "round $r/$ROUNDS: PyTorch step..." >&2
    ref --mode=step "${COMMON[@]}" > "$OUT/step-$r-pytorch.jsonl"
    files+=("$OUT/step-$r-pytorch.jsonl")
done
if [[ "$LAYERS" == 1 ]]; then
    for r in $(seq 1 "$ROUNDS"); do
        echo "round $r/$ROUNDS: layer micro-benchmarks..." >&2
        djl --mode=layers "${COMMON[@]}" > "$OUT/layers-$r-djl.jsonl"
        ref --mode=layers "${COMMON[@]}" > "$OUT/layers-$r-pytorch.jsonl"
        files+=("$OUT/layers-$r-djl.jsonl" "$OUT/layers-$r-pytorch.jsonl")
    done
fi
echo "machine: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//'), $(getconf _NPROCESSORS_ONLN) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); raw results in $OUT" | tee "$OUT/summary.txt"
echo "DJL side's oneDNN kernels: $KERNELS${COMPARE_ISA:+; djl-$COMPARE_ISA: ONEDNN_MAX_CPU_ISA=$COMPARE_ISA}" | tee -a "$OUT/summary.txt"
"$PYTHON" "$ROOT/bench/python/summarize.py" "${files[@]}" | tee -a "$OUT/summary.txt"
