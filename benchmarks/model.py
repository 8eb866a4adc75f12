"""Embedded model benchmark: load time, prompt and generation speed, resident memory.

    .venv/bin/python benchmarks/model.py [--threads 2] [--runs 3] [--max-tokens 128]
    .venv/bin/python benchmarks/model.py --threads 1 2      # compare thread counts
    .venv/bin/python benchmarks/model.py --runtimes llama-cpp-python xllamacpp --repeats 3

With several runtimes, each (runtime, model, threads) runs ``--repeats`` times
in fresh processes, interleaved, and the table gives medians and ratios to the
first runtime named (the baseline), all from the same run.  Prompt speed is
measured on a prompt the size of the agent's (signature cards, ~1,500 tokens).

Each (model, thread count) is measured in a fresh process, so its load time and
memory are its own; the GGUF is located through the verified cache (as the
agent does) and sits in the page cache after the first read.  The 0.5B row
appears when its part wheels (``sciagent model install qwen2.5-coder-0.5b``) are
installed.  Greedy decoding (temperature 0), the agent's setting.  The 1-minute
load average is printed because the 2 cores are shared: numbers from a busy
machine are slower.  Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

PROMPTS = [
    "Write a Python function that reads a FASTA file and returns a dict from record id "
    "to sequence. Include a docstring.",
    "Write a Python function that computes the molecular weight of every SMILES string in "
    "a list with RDKit and returns them sorted. Include a docstring.",
    "Write a Python function that converts equatorial coordinates (ra, dec in degrees) to "
    "galactic with astropy and returns (l, b). Include a docstring.",
]


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


#: An agent-sized prompt: the request after ~1,500 tokens of API cards.
_CARDS = "\n".join(
    f"- rdkit.Chem.Descriptors.Fn{i}(mol: Mol, includeHs: bool = True) -> float: "
    f"descriptor number {i} of a molecule, computed from its graph and atom properties."
    for i in range(50)
)


def child(
    name: str, threads: int, runs: int, max_tokens: int, runtime: str | None = None
) -> dict[str, object]:
    """Measure one model in this (fresh) process."""
    from sciagent.llm import KNOWN_MODELS, ChatLlamaCpp, locate_gguf

    rss_before = _status_mb("VmRSS")
    t0 = time.perf_counter()
    path = locate_gguf(KNOWN_MODELS[name])
    locate_s = time.perf_counter() - t0
    chat = ChatLlamaCpp(
        model_path=str(path), n_threads=threads, max_tokens=max_tokens, runtime=runtime
    )
    t0 = time.perf_counter()
    chat.load()
    load_s = time.perf_counter() - t0
    rss_loaded = _status_mb("VmRSS")

    prompt_tps: list[float] = []
    gen_tps: list[float] = []
    out_tokens: list[int] = []
    for i in range(runs):
        start = time.perf_counter()
        first: float | None = None
        usage = None
        # the run number first: no prompt shares a cached prefix with the one before
        prompt = f"Run {i}. API cards:\n{_CARDS}\n\n{PROMPTS[i % len(PROMPTS)]}"
        for chunk in chat.stream(prompt):
            if first is None and chunk.content:
                first = time.perf_counter()
            usage = chunk.usage_metadata or usage
        end = time.perf_counter()
        assert usage is not None and first is not None
        prompt_tps.append(usage["input_tokens"] / (first - start))
        gen_tps.append((usage["output_tokens"] - 1) / (end - first))
        out_tokens.append(usage["output_tokens"])
    return {
        "model": name,
        "runtime": runtime or "auto",
        "threads": threads,
        "size_mb": path.stat().st_size / 2**20,
        "locate_s": locate_s,
        "load_s": load_s,
        "prompt_tps": statistics.median(prompt_tps),
        "gen_tps": statistics.median(gen_tps),
        "out_tokens": statistics.median(out_tokens),
        "rss_base_mb": rss_before,
        "rss_loaded_mb": rss_loaded,
        "rss_after_mb": _status_mb("VmRSS"),
        "peak_mb": _status_mb("VmHWM"),
    }


def _available() -> list[str]:
    from sciagent.llm import KNOWN_MODELS, ModelError, locate_gguf

    names = []
    for name, spec in KNOWN_MODELS.items():
        try:
            locate_gguf(spec)  # cache or installed parts; never downloads
        except ModelError as exc:
            print(f"skipping {name}: {exc.message}", file=sys.stderr)
            continue
        names.append(name)
    return names


def _measure(name: str, threads: int, runtime: str | None, args: argparse.Namespace) -> dict:
    with open("/proc/loadavg") as fh:
        load = fh.read().split()[0]
    argv = ["--child", name, str(threads), "--runs", str(args.runs)]
    argv += ["--max-tokens", str(args.max_tokens)]
    if runtime:
        argv += ["--runtimes", runtime]
    out = subprocess.run(
        [sys.executable, __file__, *argv], capture_output=True, text=True, check=True
    )
    return {**json.loads(out.stdout.strip().splitlines()[-1]), "load": load}


def _median_row(rows: list[dict]) -> dict:
    keys = [k for k, v in rows[0].items() if isinstance(v, float)]
    merged = dict(rows[0])
    for key in keys:
        merged[key] = statistics.median(float(r[key]) for r in rows)
    merged["load"] = "/".join(str(r["load"]) for r in rows)
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, nargs="+", default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=1, help="fresh processes per config")
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--models", nargs="+", default=None)
    parser.add_argument("--runtimes", nargs="+", default=None, help="llama.cpp bindings")
    parser.add_argument("--child", nargs=2, metavar=("MODEL", "THREADS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    runtimes = args.runtimes or [None]
    if args.child:
        result = child(args.child[0], int(args.child[1]), args.runs, args.max_tokens, runtimes[0])
        print(json.dumps(result))
        return

    from sciagent.llm._llamacpp import choose_runtime, default_threads

    names = args.models or _available()
    configs = [
        (name, threads, runtime)
        for name in names
        for threads in args.threads or [default_threads()]
        for runtime in runtimes
    ]
    measured: dict[tuple, list[dict]] = {c: [] for c in configs}
    for _ in range(args.repeats):  # interleaved, so every config meets the same load
        for config in configs:
            measured[config].append(_measure(*config, args))
    rows = [_median_row(measured[c]) for c in configs]

    print(
        f"greedy, {args.max_tokens} max new tokens, medians of {args.repeats} fresh process(es)"
        f" x {args.runs} runs; baseline: {choose_runtime(runtimes[0])}"
    )
    header = (
        "| runtime | model | threads | GGUF | load | prompt tok/s | x base | gen tok/s | x base "
        "| RSS loaded | peak | load avg |"
    )
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    base = {(r["model"], r["threads"]): r for r in rows[:: len(runtimes)]}
    for r in rows:
        b = base[(r["model"], r["threads"])]
        print(
            f"| {r['runtime']} | {r['model']} | {r['threads']} | {r['size_mb']:.0f} MiB"
            f" | {r['load_s']:.2f} s | {r['prompt_tps']:.0f} | {r['prompt_tps'] / b['prompt_tps']:.2f}x"
            f" | {r['gen_tps']:.1f} | {r['gen_tps'] / b['gen_tps']:.2f}x"
            f" | {r['rss_loaded_mb'] / 1024:.2f} GB | {r['peak_mb'] / 1024:.2f} GB | {r['load']} |"
        )


if __name__ == "__main__":
    main()
