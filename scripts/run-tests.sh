#!/usr/bin/env bash
# The project's test command (what `make test` and CI run): lint, types, then every test.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export QT_QPA_PLATFORM=offscreen
$BIN/ruff check . || exit 1
$BIN/ruff format --check . || exit 1
$BIN/mypy || exit 1
$BIN/pytest "$@"
rc=$?
if [ $rc -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit $rc
