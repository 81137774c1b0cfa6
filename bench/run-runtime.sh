#!/usr/bin/env bash
# Runtime benchmarks in one run (see bench/README.md): (a) Kafka-fed vs memory-fed training loop, samples/s;
# (c) SIMULATED replicas (sleep steps) averaging through the real replica exchange, N = 1, 2, 4, 8.
#
#   bench/run-runtime.sh
#   ARGS="--mode=feed --epochs=5" bench/run-runtime.sh
#
# Environment: SKIP_BUILD (0), ARGS (extra arguments for RuntimeBench), NICE (10), OUT (bench/out/<timestamp>).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
OUT="${OUT:-$ROOT/bench/out/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "building bench (./mvnw -Pbench -pl bench -am package -Dmaven.test.skip=true)..." >&2
    (cd "$ROOT" && ./mvnw -q -o -Pbench -pl bench -am -Dmaven.test.skip=true package) >&2
fi
CP="$ROOT/bench/target/flemme4j-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*"
# The training loop runs on this host's kernel verdict (`./flemme kernels`), as the worker does.
# shellcheck source=worker/src/main/sh/cpu-kernels.sh
source "$ROOT/worker/src/main/sh/cpu-kernels.sh"
flemme_kernels_apply "$ROOT/bench/target/lib" "$ROOT/flemme" kernels --probe
export OPT_OUT_TRACKING=true
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$ROOT/.flemme/djl-cache}"
{
    echo "host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; uptime:$(uptime)"
    echo "oneDNN kernels: ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-<unset>} (${FLEMME_CPU_KERNELS_SOURCE:-default})"
    nice -n "${NICE:-10}" java -Xmx3g -Dai.djl.offline=true -cp "$CP" dev.flemme4j.bench.RuntimeBench ${ARGS:-}
    echo "after: uptime:$(uptime)"
} 2>&1 | tee "$OUT/runtime.txt"
