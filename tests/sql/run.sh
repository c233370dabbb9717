#!/usr/bin/env bash
# tests/sql/run.sh — only the pgTAP files, through the same harness as
# `make check` (a throwaway cluster, a database migrated by ansinhd migrate,
# pgTAP, everything stopped and removed afterwards).
set -euo pipefail
cd "$(dirname "$0")/../.."
make -s server/ansinhd
ANSINH_TESTS="$(echo tests/sql/[0-9]*.sql)" exec tests/run-all
