#!/usr/bin/env bash
# Set up (if needed), then lint, type-check and run the whole test suite offline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/ruff check sciagent plugins tests benchmarks
.venv/bin/ruff format --check sciagent plugins tests benchmarks
.venv/bin/mypy sciagent
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
