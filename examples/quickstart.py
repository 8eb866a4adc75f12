"""sciagent in five steps: search, plugins, check, sandboxed run, agent.

Run it from the checkout, after ``./scripts/setup.sh``:

    .venv/bin/python examples/quickstart.py

Step 5 runs the embedded offline model (Qwen2.5-Coder-1.5B).  When it is not
installed, or with ``SCIAGENT_EXAMPLE_SKIP_MODEL=1``, the script says so and
goes on.  Step 6 shows one repair round with a SCRIPTED model, whose replies
are fixed below, so that part reads the same on every machine.
"""

from __future__ import annotations

import os
import textwrap

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

import sciagent

SKIP_MODEL_ENVS = ("SCIAGENT_EXAMPLE_SKIP_MODEL", "SCIAGENT_SKIP_MODEL")


def section(title: str) -> None:
    print(f"\n=== {title} ===")


def indent(text: str, prefix: str = "    ") -> str:
    return textwrap.indent(text.rstrip(), prefix, lambda line: True)


def search() -> None:
    section("1. Search the installed libraries in plain words")
    for hit in sciagent.search("parse a SMILES string", k=3):
        print(hit.card())
    # one plugin's domain only
    hits = sciagent.search("reverse complement of a DNA sequence", k=3, domain="biology")
    print("biology only:", ", ".join(h.path for h in hits))


def plugins() -> None:
    section("2. The plugins that are installed, and what they index")
    loaded = sciagent.load_plugins()
    for plugin in loaded.plugins:
        libraries = []
        for library in plugin.libraries:
            try:
                libraries.append(f"{library.name} {library.installed_version()}")
            except sciagent.LibraryMissingError:
                libraries.append(f"{library.name} (not installed)")
        print(
            f"{plugin.name:<12} domain={plugin.domain:<11} {', '.join(libraries)}; "
            f"{len(plugin.recipes)} recipes, {len(plugin.validators)} validators"
        )
    for failure in loaded.failures:
        print(f"{failure.name:<12} failed to load: {failure.error}")


INVENTED = """\
from rdkit import Chem
from rdkit.Chem import Descriptors
mol = Chem.MolFromSmiles("CCO")
print(Descriptors.MolecularWeight(mol))
"""


def check() -> None:
    section("3. Static check: invented APIs are caught before anything runs")
    print(indent(INVENTED))
    for finding in sciagent.check_code(INVENTED):
        print(f"line {finding.line} [{finding.kind}]: {finding.message}")
        print(f"    suggestions: {', '.join(finding.suggestions[:3])}")


PROGRAM = """\
from rdkit import Chem
from rdkit.Chem import Descriptors
mol = Chem.MolFromSmiles("CCO")
result = round(Descriptors.MolWt(mol), 2)
print("molecular weight of ethanol:", result)
"""


def run() -> None:
    section("4. Sandboxed run: a confined subprocess, never this process")
    result = sciagent.run_code(PROGRAM, timeout=60)
    print(f"ok={result.ok} tier={result.tier} {result.duration_s:.2f} s")
    print(f"stdout: {result.stdout.strip()}")
    print(f"result: {result.value!r}")
    failed = sciagent.run_code("values = []\nprint(sum(values) / len(values))")
    print(f"a failing program comes back as data, not an exception: {failed.error}")


def show(result: sciagent.AgentResult) -> None:
    print(f"ok={result.ok} answer={result.answer!r} attempts={len(result.attempts)}")
    print(f"status: {result.status} (confidence {result.confidence:.2f}): {result.reason}")
    print(f"model: {result.model}, {result.seconds:.1f} s")
    if result.code:
        print("program:")
        print(indent(result.code))
    if result.apis_used:
        print("APIs used: " + ", ".join(f"{u.qualname} ({u.library})" for u in result.apis_used))
    if result.error:
        print(f"error: {result.error}")


def embedded_model() -> tuple[object | None, str]:
    """The default chat model, or None and the reason it cannot be used here."""
    from sciagent.llm import ModelError, resolve_chat_model

    try:
        model = resolve_chat_model()  # SCIAGENT_MODEL, else the embedded Qwen2.5-Coder-1.5B
    except ModelError as exc:
        return None, exc.message + (f"\n  fix: {exc.fix}" if exc.fix else "")
    if type(model).__name__ == "ChatLlamaCpp":
        from sciagent.llm._llamacpp import choose_runtime

        try:
            choose_runtime(model.runtime)  # type: ignore[attr-defined]
        except ModelError as exc:
            return None, exc.message + (f"\n  fix: {exc.fix}" if exc.fix else "")
    return model, ""


def agent() -> None:
    section("5. The agent on the embedded offline model")
    skip = [name for name in SKIP_MODEL_ENVS if os.environ.get(name) == "1"]
    if skip:
        print(f"SKIPPED: the model part is off ({skip[0]}=1).")
        return
    model, why = embedded_model()
    if model is None:
        print(f"SKIPPED: the embedded model is not installed here: {why}")
        return
    # a few seconds per answer on a free CPU core; several times that on a busy machine
    result = sciagent.Agent(model, max_attempts=2, samples=2).run(
        "Compute the molecular weight of aspirin (SMILES CC(=O)Oc1ccccc1C(=O)O), "
        "rounded to 2 decimals.",
        expect=sciagent.Expect(type=float, range=(180.0, 180.3)),
        domain="chemistry",
    )
    show(result)


def fenced(code: str) -> str:
    return f"```python\n{code}```"


#: What a SCRIPTED model "replies": first an invented API, then the real one.
SCRIPTED_REPLIES = [
    fenced(PROGRAM.replace("Descriptors.MolWt", "Descriptors.MolecularWeight")),
    fenced(PROGRAM),
]


def repair() -> None:
    section("6. One repair round, with a SCRIPTED model (fixed replies, not a real LLM)")
    scripted = GenericFakeChatModel(messages=iter([AIMessage(r) for r in SCRIPTED_REPLIES]))
    # strategy "repair": one program and its repairs (two scripted replies cannot
    # show the default "select", which compares several independent programs)
    result = sciagent.Agent(scripted, max_attempts=2, strategy="repair").run(
        "What is the molecular weight of ethanol (SMILES CCO)?",
        expect=sciagent.Expect(type=float, range=(40, 50)),
    )
    for attempt in result.attempts:
        state = "ok" if attempt.ok else "rejected"
        print(f"attempt {attempt.index + 1}: {state}")
        for finding in attempt.findings:
            print(f"    checker: line {finding.line}: {finding.message}")
        if attempt.run is not None:
            print(f"    sandbox stdout: {attempt.run.stdout.strip()}")
        if attempt.feedback:
            print("    fed back to the model:")
            lines = attempt.feedback.splitlines()
            more = f"\n[... {len(lines) - 8} more lines]" if len(lines) > 8 else ""
            print(indent("\n".join(lines[:8]) + more, "      | "))
    show(result)


def main() -> None:
    search()
    plugins()
    check()
    run()
    agent()
    repair()
    print("\nNext: docs/python-api.md, docs/cli.md, and docs/langchain.md for LangChain agents.")


if __name__ == "__main__":
    main()
