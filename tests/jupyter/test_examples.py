"""The example notebooks (examples/*.ipynb) run clean in a real kernel.

Without the model: every cell except those tagged ``real-model`` (search, the
scripted repair round, the sandboxed display, the plugin listing).  With the
model (``-m model``): the whole notebook, as a user runs it.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import nbformat
import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DOMAINS = ["chemistry", "biology", "astronomy"]
REAL = "real-model"


def load(domain: str) -> nbformat.NotebookNode:
    nb = nbformat.read(EXAMPLES / f"{domain}.ipynb", as_version=4)
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def sources(nb: nbformat.NotebookNode, kind: str = "code") -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == kind]


def check_clean(ran) -> None:
    """No cell raised or printed a traceback, and no card shows one outside its attempts.

    A real model's result lists its attempts, failed ones with the traceback that
    sent them back for repair (how sciagent shows why it is unsure); its plain-text
    fallback is the full record.  That is the display working, not the notebook
    failing, so neither is searched for tracebacks.
    """
    for index, cell in enumerate(ran.nb.cells):
        if cell.cell_type != "code":
            continue
        outputs = ran.outputs(index)
        assert not any(o.get("output_type") == "error" for o in outputs), cell.source
        printed = "".join("".join(o["text"]) for o in outputs if o.get("output_type") == "stream")
        assert "Traceback" not in printed, cell.source
        html = ran.html(index)
        assert 'data-kind="error"' not in html, cell.source
        assert "Traceback" not in html.split('class="sciagent-attempts"', 1)[0], cell.source


def index_of(nb: nbformat.NotebookNode, start: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.source.startswith(start))


@pytest.mark.parametrize("domain", DOMAINS)
def test_notebook_has_every_part(domain):
    nb = nbformat.read(EXAMPLES / f"{domain}.ipynb", as_version=4)
    nbformat.validate(nb)
    code = sources(nb)
    assert code[0] == "%load_ext sciagent"
    assert any(s.startswith(f"%sciagent_search -k 3 --domain {domain}") for s in code)
    real = [c for c in nb.cells if REAL in c.metadata.get("tags", [])]
    assert real and real[0].source.startswith("%%sciagent --domain"), "one real-model task"
    assert sum(s.startswith("%%sciagent") for s in code) == 2
    scripted_md = [s for s in sources(nb, "markdown") if "scripted" in s.lower()]
    assert any("Scripted, not a real model" in s for s in scripted_md)
    assert any("GenericFakeChatModel" in s for s in code)
    assert any("sciagent.load_plugins()" in s for s in code)


@pytest.mark.parametrize("domain", DOMAINS)
def test_notebook_runs_clean_without_the_model(domain, execute, tmp_path):
    nb = load(domain)
    nb.cells = [c for c in nb.cells if REAL not in c.metadata.get("tags", [])]
    ran = execute(nb, tmp_path, timeout=300)
    check_clean(ran)
    search = ran.html(index_of(nb, "%sciagent_search"))
    assert search.count('class="sciagent-hit"') == 3
    scripted = ran.html(index_of(nb, "%%sciagent --model scripted"))
    assert 'class="sciagent-result" data-ok="true"' in scripted
    assert scripted.count('class="sciagent-attempt"') == 2
    assert 'class="sciagent-findings"' in scripted
    assert 'class="sciagent-run" data-ok="true"' in ran.html(
        index_of(nb, "import sciagent\n\nsciagent.run_code")
    )
    assert f"domain: {domain}" in ran.text(index_of(nb, "import sciagent\n\nplugins"))


def _model_available() -> None:
    if os.environ.get("SCIAGENT_SKIP_MODEL") == "1":
        pytest.skip("the embedded model was skipped (SCIAGENT_SKIP_MODEL=1)")
    from sciagent.llm import QWEN_CODER_1_5B, locate_gguf
    from sciagent.llm._llamacpp import choose_runtime

    try:
        choose_runtime()  # xllamacpp or llama-cpp-python
        locate_gguf(QWEN_CODER_1_5B)
    except Exception as exc:
        pytest.fail(f"the embedded model is unavailable ({exc}): run scripts/setup_model.sh")


@pytest.mark.model
@pytest.mark.parametrize("domain", DOMAINS)
def test_notebook_runs_clean_with_the_model(domain, execute, tmp_path):
    _model_available()
    nb = load(domain)
    ran = execute(nb, tmp_path, timeout=600)
    check_clean(ran)
    real = next(i for i, c in enumerate(nb.cells) if REAL in c.metadata.get("tags", []))
    html = ran.html(real)
    assert 'class="sciagent-result"' in html and "qwen2.5-coder-1.5b" in html.lower()
    assert 'class="sciagent-attempts"' in html
