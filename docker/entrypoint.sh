#!/usr/bin/env bash
# Entrypoint of the flemme4j images: the CPU kernels for this host, then the CLI (exec: signals reach java directly).
#
# oneDNN reads ONEDNN_MAX_CPU_ISA only at start-up, and which of its kernels compute convolutions right depends on
# the host, so the training roles check it once (`flemme kernels --probe`, a few seconds per configuration) and
# cache the verdict in $FLEMME_CACHE_DIR (the compose file mounts a volume there: once per Docker host, shared by
# scaled workers). `docker run -e ONEDNN_MAX_CPU_ISA=...` wins. Roles without PyTorch skip all of it.
set -euo pipefail
# shellcheck source=worker/src/main/sh/cpu-kernels.sh
source /app/bin/cpu-kernels.sh
CLI=(java -cp "/app/lib/*" dev.flemme4j.cli.Main)
case "${1:-}" in
    worker | local) flemme_kernels_apply /app/lib "${CLI[@]}" kernels --probe ;;
    *) ;;
esac
exec "${CLI[@]}" "$@"
