#!/usr/bin/env bash
# DDIM-50 sampling benchmark (SamplingBench): end-to-end ORT sampling of a batch against 50 bare eps-model ORT calls
# of the batch the sampler evaluates per step (goal: <= 1.03x, the sampling loop's own overhead), and DJL-eager
# sampling against ORT sampling; once conditional without guidance (eps batch n) and once guided (one masked eps
# call over the 2n batch per step, compared with 50 masked calls of 2n). Prints one JSON line per repeat and one
# with the ratios, all from this one run.
# Usage: bench/run-sampling.sh [batch=16] [repeats=3]      (SKIP_BUILD=1 to reuse bench/target)
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "building bench (./mvnw -Pbench -pl bench -am package -DskipTests)..." >&2
    (cd "$ROOT" && ./mvnw -q -Pbench -pl bench -am -DskipTests package) >&2
fi
CP="$ROOT/bench/target/flemme4j-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*"
export OPT_OUT_TRACKING=true
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$ROOT/.flemme/djl-cache}"
# shellcheck source=worker/src/main/sh/cpu-kernels.sh
source "$ROOT/worker/src/main/sh/cpu-kernels.sh"
flemme_kernels_apply "$ROOT/bench/target/lib" "$ROOT/flemme" kernels --probe
echo "host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -Xmx3g -Dai.djl.offline=true -Dlogback.configurationFile="$ROOT/bench/src/main/resources/logback-bench.xml" \
    -cp "$CP" dev.flemme4j.bench.SamplingBench "$@"
