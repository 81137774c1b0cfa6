# shellcheck shell=bash
# cpu-kernels.sh: which oneDNN CPU kernels to run PyTorch with on this host. Sourced (bash) by ./flemme,
# run-tests, bench/*.sh and the Docker entrypoint.
#
# The oneDNN of DJL's libtorch 2.3.0 computed wrong convolutions with its AVX2/AVX-512 kernels on one AMD EPYC host
# and right ones on others, and it reads ONEDNN_MAX_CPU_ISA only when it loads. So `flemme kernels --probe` checks
# the configurations fastest first, each in a child JVM, and caches the first that passes per host key
# (dev.flemme4j.worker.kernels). This file reads that cache without starting a JVM.
#
#   flemme_kernels_apply LIBDIR [PROBE COMMAND...]
#       A caller's own ONEDNN_MAX_CPU_ISA wins (FLEMME_CPU_KERNELS_SOURCE=user). Else the cached verdict for this
#       host and the natives in LIBDIR is exported (ONEDNN_MAX_CPU_ISA, FLEMME_CPU_KERNELS_SOURCE=probe,
#       FLEMME_CPU_KERNELS_VERDICT=<file>). Without one, PROBE COMMAND (if given) runs once to write it; if it
#       writes none, SSE41 is exported with FLEMME_CPU_KERNELS_SOURCE=fallback. With neither, nothing is set.
#   flemme_kernels_verdict_file LIBDIR      the cache file for this host (it may not exist yet)
#
# The cache directory is $FLEMME_CACHE_DIR, else $XDG_CACHE_HOME/flemme4j, else ~/.cache/flemme4j.

# = dev.flemme4j.worker.kernels.ConvolutionCheck.VERSION (HostKeyTest compares the keys of both sides)
FLEMME_KERNELS_CHECK_VERSION=1

flemme_kernels_cache_dir() {
    if [[ -n "${FLEMME_CACHE_DIR:-}" ]]; then
        printf '%s\n' "$FLEMME_CACHE_DIR"
    elif [[ -n "${XDG_CACHE_HOME:-}" ]]; then
        printf '%s\n' "$XDG_CACHE_HOME/flemme4j"
    else
        printf '%s\n' "$HOME/.cache/flemme4j"
    fi
}

# The PyTorch native jars in LIBDIR, sorted and comma-separated, or "none" (the flavour and version are in the names).
flemme_kernels_natives() {
    local names
    names="$(find "$1" -maxdepth 1 -name 'pytorch-native-*.jar' -printf '%f\n' 2> /dev/null | LC_ALL=C sort -u | paste -sd, -)"
    printf '%s\n' "${names:-none}"
}

# flemme_kernels_key CPUINFO NATIVES: the host key, as dev.flemme4j.worker.kernels.HostKey computes it.
flemme_kernels_key() {
    local model flags
    model="$(grep -m1 -E '^model name[[:space:]]*:' "$1" 2> /dev/null | sed -e 's/^[^:]*:[[:space:]]*//' -e 's/[[:space:]]*$//' || true)"
    flags="$(grep -m1 -E '^flags[[:space:]]*:' "$1" 2> /dev/null | sed -e 's/^[^:]*:[[:space:]]*//' -e 's/[[:space:]]*$//' || true)"
    printf 'cpu=%s\nflags=%s\nnatives=%s\ncheck=%s\n' "$model" "$flags" "$2" "$FLEMME_KERNELS_CHECK_VERSION" \
        | sha256sum | cut -c1-16
}

flemme_kernels_verdict_file() {
    printf '%s/cpu-kernels-%s.properties\n' "$(flemme_kernels_cache_dir)" \
        "$(flemme_kernels_key /proc/cpuinfo "$(flemme_kernels_natives "$1")")"
}

flemme_kernels_apply() {
    local lib="$1"
    shift
    # an outer launcher (a bench script calling ./flemme) has decided already
    if [[ -n "${ONEDNN_MAX_CPU_ISA:-}" && -n "${FLEMME_CPU_KERNELS_SOURCE:-}" ]]; then
        return 0
    fi
    if [[ -n "${ONEDNN_MAX_CPU_ISA:-}" ]]; then
        export FLEMME_CPU_KERNELS_SOURCE=user
        return 0
    fi
    [[ -r /proc/cpuinfo ]] || return 0
    local file
    file="$(flemme_kernels_verdict_file "$lib")"
    if [[ ! -f "$file" && $# -gt 0 ]]; then
        local dir fd=""
        dir="$(dirname "$file")"
        mkdir -p "$dir"
        # one probe at a time: a second launcher waits, then finds the verdict
        if command -v flock > /dev/null; then
            exec {fd}> "$dir/.probe.lock"
            flock "$fd"
        fi
        if [[ ! -f "$file" ]]; then
            echo "flemme: checking once which CPU kernels compute convolutions right on this host (cached in $dir)..." >&2
            "$@" >&2 || true
        fi
        [[ -z "$fd" ]] || exec {fd}>&-
    fi
    if [[ -f "$file" ]]; then
        local isa passed
        isa="$(sed -n 's/^isa=//p' "$file" | head -1)"
        passed="$(sed -n 's/^passed=//p' "$file" | head -1)"
        export ONEDNN_MAX_CPU_ISA="${isa:-SSE41}" FLEMME_CPU_KERNELS_SOURCE=probe FLEMME_CPU_KERNELS_VERDICT="$file"
        if [[ "$passed" != true ]]; then
            echo "flemme: no CPU kernel configuration passed the convolution check on this host (see $file);" \
                "CPU training will refuse to start" >&2
        fi
    elif [[ $# -gt 0 ]]; then
        echo "flemme: the CPU kernel probe wrote no verdict; using ONEDNN_MAX_CPU_ISA=SSE41, the safest" >&2
        export ONEDNN_MAX_CPU_ISA=SSE41 FLEMME_CPU_KERNELS_SOURCE=fallback
    fi
}
