"""Run the walker in one subprocess per library and collect its records."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import IntrospectionError
from ..plugin import Library, Plugin
from ..records import ApiRecord
from .walker import WalkSpec

WALK_TIMEOUT_S = 600


@dataclass
class Introspection:
    """The API of one library as installed, plus what could not be imported."""

    library: str
    version: str
    records: list[ApiRecord]
    modules: int
    failures: list[dict[str, str]] = field(default_factory=list)
    elapsed_s: float = 0.0


def spec_for(plugin: Plugin, library: Library) -> WalkSpec:
    return WalkSpec(
        library=library.name,
        import_name=library.import_name,
        version=library.installed_version(),
        include=list(library.include),
        exclude=list(library.exclude),
        exclude_names=list(library.exclude_names),
        include_names=list(library.include_names),
        domain=plugin.domain,
    )


class WalkProcess:
    """A walker subprocess; start several, then ``result()`` each (they run in parallel)."""

    def __init__(self, spec: WalkSpec) -> None:
        self.spec = spec
        self._tmp = tempfile.TemporaryDirectory(prefix="sciagent-walk-")
        self.out = Path(self._tmp.name) / "api.json"
        # stderr goes to a file, not a pipe: a library that prints a lot on import
        # must not block on a full pipe while the parent polls other walkers
        self._stderr = (Path(self._tmp.name) / "stderr.txt").open("w+")
        self.started = time.monotonic()
        env = {**os.environ, "PYTHONWARNINGS": "ignore", "MPLBACKEND": "Agg"}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sciagent.introspection.walker",
                json.dumps(asdict(spec)),
                str(self.out),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,  # libraries print on import; results come via the file
            stderr=self._stderr,
            env=env,
        )

    def finished(self) -> bool:
        """Exited, or out of time (then ``result()`` raises the timeout at once)."""
        return self.proc.poll() is not None or time.monotonic() - self.started >= WALK_TIMEOUT_S

    def result(self) -> Introspection:
        try:
            self.proc.wait(timeout=max(0.0, WALK_TIMEOUT_S - (time.monotonic() - self.started)))
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self._stderr.close()
            self._tmp.cleanup()
            raise IntrospectionError(
                f"walking {self.spec.library} took longer than {WALK_TIMEOUT_S} s",
                fix="exclude the slow modules in the plugin's Library(exclude=...)",
            ) from None
        try:
            self._stderr.seek(0)
            stderr = self._stderr.read()
            self._stderr.close()
            if self.proc.returncode != 0 or not self.out.exists():
                tail = "\n".join(stderr.strip().splitlines()[-5:])
                raise IntrospectionError(
                    f"could not introspect {self.spec.library} {self.spec.version}: {tail}",
                    fix=f"check that `python -c 'import {self.spec.import_name}'` works",
                )
            payload = json.loads(self.out.read_text())
        finally:
            self._tmp.cleanup()
        return Introspection(
            library=payload["library"],
            version=payload["version"],
            records=[ApiRecord.from_dict(r) for r in payload["records"]],
            modules=payload["modules"],
            failures=payload["failures"],
            elapsed_s=payload["elapsed_s"],
        )


def introspect(plugin: Plugin, library: Library) -> Introspection:
    return WalkProcess(spec_for(plugin, library)).result()
