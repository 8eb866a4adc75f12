"""The LangChain adapters on real parts: the real index, checker and sandbox.

Only the chat model is fake: ``ScriptedToolCallingModel`` replays fixed
replies (tool calls, then an answer) so a real ``create_agent`` loop runs
deterministically.  Everything the tools return comes from sciagent itself.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from langchain_core.documents import Document
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnablePassthrough

import sciagent.integrations.langchain as lc
from sciagent.agent import Agent, AgentResult, Attempt, Candidate
from sciagent.errors import SciagentError
from sciagent.integrations.langchain import (
    SciagentRetriever,
    check_code_tool,
    format_docs,
    format_result,
    hit_to_document,
    run_code_tool,
    sciagent_tools,
    search_api_tool,
    solve_tool,
)
from sciagent.records import Hit
from sciagent.sandbox import detect_tier

needs_sandbox = pytest.mark.skipif(
    not detect_tier().safe, reason="no sandbox isolation tier on this machine"
)

ETHANOL_ATOMS = """\
from rdkit import Chem
mol = Chem.MolFromSmiles("CCO")
result = mol.GetNumAtoms()
print("heavy atoms:", result)
"""

INVENTED = """\
from rdkit import Chem
from rdkit.Chem import Descriptors
mol = Chem.MolFromSmiles("CCO")
print(Descriptors.MolecularWeight(mol))
"""


class ScriptedToolCallingModel(GenericFakeChatModel):
    """A SCRIPTED stand-in for a chat model: it replays fixed replies, in order.

    It ignores what it is sent; ``bind_tools`` returns it unchanged so that
    ``create_agent`` can use it as a tool-calling model.
    """

    def bind_tools(self, tools, **kwargs):  # type: ignore[no-untyped-def]
        return self


def tool_call(name: str, args: dict, call_id: str) -> dict:
    return {"name": name, "args": args, "id": call_id, "type": "tool_call"}


# ------------------------------------------------------------------------ retriever


def test_retriever_finds_the_api_on_the_real_index(searcher):
    docs = SciagentRetriever(searcher=searcher, k=5).invoke("parse a SMILES string")
    assert len(docs) == 5 and all(isinstance(d, Document) for d in docs)
    qualnames = [d.metadata["qualname"] for d in docs]
    assert any(q.endswith("MolFromSmiles") for q in qualnames), qualnames
    doc = next(d for d in docs if d.metadata["qualname"].endswith("MolFromSmiles"))
    meta = doc.metadata
    assert meta["library"] == "rdkit" and meta["domain"] == "chemistry"
    assert meta["kind"] == "function" and meta["version"]
    assert meta["signature"].startswith("MolFromSmiles(")
    assert isinstance(meta["score"], float) and meta["score"] > 0
    assert "rdkit.Chem.MolFromSmiles" in [meta["qualname"], *meta["aliases"]]
    # the content is the signature card the agent itself shows a model
    hit = searcher.search("parse a SMILES string", k=5)[qualnames.index(meta["qualname"])]
    assert doc.page_content == hit.card()
    assert "MolFromSmiles(" in doc.page_content


def test_retriever_domain_filter(searcher):
    docs = SciagentRetriever(searcher=searcher, k=6, domain="biology").invoke(
        "reverse complement of a DNA sequence"
    )
    assert docs and {d.metadata["domain"] for d in docs} == {"biology"}
    assert {d.metadata["library"] for d in docs} == {"biopython"}
    assert any("reverse_complement" in d.metadata["qualname"] for d in docs)
    # a chemistry request confined to astronomy finds no RDKit at all
    docs = SciagentRetriever(searcher=searcher, k=6, domain="astronomy").invoke(
        "parse a SMILES string"
    )
    assert docs and all(d.metadata["library"] == "astropy" for d in docs)


def test_retriever_async_path_matches_sync(searcher):
    retriever = SciagentRetriever(searcher=searcher, k=4)
    sync = retriever.invoke("angular separation between two sky coordinates")
    both = asyncio.run(retriever.ainvoke("angular separation between two sky coordinates"))
    assert [d.metadata["qualname"] for d in both] == [d.metadata["qualname"] for d in sync]


def test_retriever_uses_the_default_searcher_when_none_given(searcher, monkeypatch):
    import sciagent.defaults

    monkeypatch.setattr(sciagent.defaults, "_default", searcher)
    docs = SciagentRetriever(k=2).invoke("parse a SMILES string")
    assert len(docs) == 2


def test_document_metadata_truncates_aliases():
    hit = Hit(
        qualname="lib.mod.f",
        aliases=[f"lib.alias{i}.f" for i in range(20)],
        kind="function",
        signature="f(x)",
        summary="Do f.",
        library="lib",
        version="1.0",
        score=0.5,
        domain="testing",
    )
    doc = hit_to_document(hit)
    assert len(doc.metadata["aliases"]) == 8 and doc.metadata["aliases_total"] == 20
    assert doc.id == "lib.mod.f" and doc.page_content == hit.card()


def test_retriever_in_an_lcel_chain(searcher):
    retriever = SciagentRetriever(searcher=searcher, k=3, domain="chemistry")
    assert (retriever | format_docs).invoke("parse a SMILES string").count("[rdkit ") == 3

    prompt = ChatPromptTemplate.from_messages(
        [
            ("system", "Use only these installed APIs:\n\n{context}"),
            ("human", "{question}"),
        ]
    )
    context = {"context": retriever | format_docs, "question": RunnablePassthrough()}
    rendered = (context | prompt).invoke("parse a SMILES string")
    assert "MolFromSmiles(" in rendered.to_string()
    scripted = GenericFakeChatModel(messages=iter(["Use Chem.MolFromSmiles(smiles)."]))
    answer = (context | prompt | scripted | StrOutputParser()).invoke("parse a SMILES string")
    assert answer == "Use Chem.MolFromSmiles(smiles)."


# --------------------------------------------------------------------------- tools


def test_search_api_tool(searcher):
    tool = search_api_tool(searcher)
    text = tool.invoke({"query": "parse a SMILES string"})
    assert "rdkit.Chem.MolFromSmiles" in text and "MolFromSmiles(SMILES" in text
    assert text.count("[rdkit ") + text.count("[biopython ") + text.count("[astropy ") == 5
    # through a tool call: the hits themselves ride along as the artifact
    message = tool.invoke(
        tool_call("search_api", {"query": "reverse complement", "k": 2, "domain": "biology"}, "1")
    )
    assert isinstance(message, ToolMessage) and message.status == "success"
    assert len(message.artifact) == 2 and message.artifact[0]["library"] == "biopython"
    assert "reverse_complement" in message.content


def test_search_api_tool_errors_come_back_as_text(searcher):
    tool = search_api_tool(searcher)
    text = tool.invoke({"query": "parse a SMILES string", "domain": "cooking"})
    assert "unknown domain 'cooking'" in text and "chemistry" in text
    assert "invalid arguments" in tool.invoke({"query": "x", "k": 99})
    assert "request is empty" in tool.invoke({"query": "   "})
    message = tool.invoke(tool_call("search_api", {"query": "x", "domain": "cooking"}, "2"))
    assert message.status == "error" and "unknown domain" in message.content


def test_check_code_tool(searcher):
    tool = check_code_tool(searcher)
    text = tool.invoke({"code": INVENTED})
    assert "1 problem(s) found" in text and "line 4" in text
    assert "MolecularWeight" in text and "MolWt" in text
    assert tool.invoke({"code": ETHANOL_ATOMS}) == "no problems found"
    assert "syntax error" in tool.invoke({"code": "def f(:\n"})
    message = tool.invoke(tool_call("check_code", {"code": INVENTED}, "3"))
    assert message.artifact[0]["kind"] == "unknown-name"


@needs_sandbox
def test_run_code_tool_runs_in_the_sandbox():
    tool = run_code_tool(timeout=60)
    text = tool.invoke({"code": ETHANOL_ATOMS})
    assert "ran successfully" in text and "heavy atoms: 3" in text and "result = 3" in text
    # not this process: the sandbox cannot see this checkout
    probe = f"import os\nprint(os.path.exists({str(Path(__file__).resolve())!r}))"
    message = tool.invoke(tool_call("run_code", {"code": probe}, "4"))
    assert message.content.endswith("stdout:\nFalse")
    assert message.artifact["ok"] and message.artifact["tier"] in ("A", "B")


@needs_sandbox
def test_run_code_tool_reports_failures_and_trims_output():
    tool = run_code_tool(timeout=60, max_chars=600)
    text = tool.invoke({"code": "print('start')\nvalues = []\nprint(sum(values) / len(values))"})
    assert "failed: ZeroDivisionError (line 3)" in text
    assert "start" in text and "Traceback" in text
    text = tool.invoke({"code": "for i in range(5000):\n    print('line', i)"})
    assert len(text) < 800 and "characters cut" in text
    assert "line 0" in text and "line 4999" in text
    # a program that "works" but warned: the model needs to see why it got None
    text = tool.invoke({"code": "from rdkit import Chem\nprint(Chem.MolFromSmiles('C1CC'))"})
    assert "ran successfully" in text and "stderr:" in text and "SMILES Parse Error" in text
    text = run_code_tool(timeout=2).invoke({"code": "import time\ntime.sleep(30)"})
    assert text.startswith("The program failed") and "limit" in text


def test_run_code_tool_without_a_sandbox_says_so(monkeypatch):
    import sciagent.sandbox
    from sciagent.sandbox import SandboxUnavailableError

    def no_sandbox(code, **kwargs):
        raise SandboxUnavailableError("no isolation tier works here", fix="run setup_sandbox.sh")

    monkeypatch.setattr(sciagent.sandbox, "run_code", no_sandbox)
    text = run_code_tool().invoke({"code": "print(1)"})
    assert text.startswith("the sandbox could not run the program")
    assert "fix: run setup_sandbox.sh" in text


def test_sciagent_tools(searcher):
    tools = sciagent_tools(searcher, k=3)
    assert [t.name for t in tools] == ["search_api", "check_code", "run_code"]
    search, check, run = tools
    assert "astronomy, biology, chemistry" in search.description
    assert set(search.args) == {"query", "k", "domain"} and search.args["k"]["default"] == 3
    assert set(check.args) == {"code"} and set(run.args) == {"code"}
    assert all(t.description and t.handle_tool_error for t in tools)
    text = asyncio.run(search.ainvoke({"query": "parse a SMILES string"}))
    assert text.count("\n\n") == 2  # three cards


def test_module_level_tools_and_no_langchain_import():
    code = (
        "import sys, sciagent\n"
        "from sciagent.integrations.langchain import search_api, check_code, run_code\n"
        "print(search_api.name, check_code.name, run_code.name)\n"
        "print('langchain' in sys.modules, 'langgraph' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split("\n")
    assert out[0] == "search_api check_code run_code"
    assert out[1] == "False False", "the adapters must not import langchain itself"


# -------------------------------------------------------------------- solve tool

FRACTION = "s = 'ATGCGCGTATTA'\nprint(round((s.count('G') + s.count('C')) / len(s), 2))\n"
PERCENT = "s = 'ATGCGCGTATTA'\nprint(round(100 * (s.count('G') + s.count('C')) / len(s), 1))\n"
DISAGREE = (
    "programs disagree: `0.42` (1) vs `41.7` (1); picked `0.42`, the earliest of the tied answers"
)


def agent_result(status: str) -> AgentResult:
    """A hand-built result: unsure (two programs disagree), ok (two agree) or failed."""
    answers = {"unsure": ["0.42", "41.7"], "ok": ["0.42", "0.42"], "failed": []}[status]
    codes = {"0.42": FRACTION, "41.7": PERCENT}
    attempts = [
        Attempt(index=i, reply="", code=codes[a], ok=True, candidate=i, answer=a)
        for i, a in enumerate(answers)
    ] or [Attempt(index=0, reply="", code="print()\n", feedback="no answer printed")]
    candidates = {
        "unsure": [Candidate("0.42", 1, FRACTION, [0], True), Candidate("41.7", 1, PERCENT, [1])],
        "ok": [Candidate("0.42", 2, FRACTION, [0, 1], True)],
        "failed": [],
    }[status]
    reason = {
        "unsure": DISAGREE,
        "ok": "2 of 2 programs agree on `0.42`",
        "failed": "none of 1 program(s) gave an accepted answer",
    }[status]
    error = {"unsure": f"unsure: {DISAGREE}", "ok": None, "failed": "the program printed no answer"}
    return AgentResult(
        ok=status == "ok",
        request="GC content of ATGCGCGTATTA",
        code=attempts[0].code,
        stdout="",
        value=None,
        answer=answers[0] if answers else None,
        attempts=attempts,
        apis_used=[],
        model="scripted",
        strategy="select",
        seconds=1.0,
        error=error[status],
        status=status,  # type: ignore[arg-type]
        confidence={"unsure": 0.5, "ok": 1.0, "failed": 0.0}[status],
        reason=reason,
        candidates=candidates,
    )


class ReplayAgent:
    """Stands in for ``sciagent.Agent``: returns a prepared result, records the call."""

    def __init__(self, result: AgentResult | Exception) -> None:
        self.result, self.calls = result, []

    def run(self, request, inputs=None, *, expect=None, domain=None):
        self.calls.append((request, domain))
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


def test_solve_tool_says_unsure_and_names_both_answers():
    agent = ReplayAgent(agent_result("unsure"))
    tool = solve_tool(agent)  # type: ignore[arg-type]
    assert tool.name == "solve" and set(tool.args) == {"request", "domain"}
    text = tool.invoke({"request": "GC content of ATGCGCGTATTA", "domain": "biology"})
    assert agent.calls == [("GC content of ATGCGCGTATTA", "biology")]
    lines = text.splitlines()
    assert lines[0].startswith("Status: UNSURE (confidence 0.50) - NOT confirmed")
    assert "Answer: 0.42" in lines and f"Why: {DISAGREE}" in lines
    assert "  0.42  1 program (#1)  <- picked" in lines
    assert "  41.7  1 program (#2)" in lines
    assert "Picked program:" in text and FRACTION.splitlines()[1] in text
    assert "Status: ok" not in text
    message = tool.invoke(tool_call("solve", {"request": "GC content of ATGCGCGTATTA"}, "v1"))
    assert isinstance(message, ToolMessage) and message.status == "success"
    assert message.content == text
    artifact = message.artifact
    assert artifact["status"] == "unsure" and artifact["ok"] is False
    assert [(c["answer"], c["chosen"]) for c in artifact["candidates"]] == [
        ("0.42", True),
        ("41.7", False),
    ]


def test_solve_tool_ok_and_failed():
    text = solve_tool(ReplayAgent(agent_result("ok"))).invoke({"request": "x"})  # type: ignore[arg-type]
    assert text.startswith("Status: ok (confidence 1.00) - checked, run in the sandbox")
    assert "Why: 2 of 2 programs agree on `0.42`" in text and "Program:\n```python" in text
    assert "Candidate answers" not in text, "one answer: nothing competes"
    text = format_result(agent_result("failed"))
    assert text.startswith("Status: FAILED - no program gave an accepted answer")
    assert "Answer: (none)" in text and "Error: the program printed no answer" in text
    assert "confidence" not in text and "Best program:" in text


def test_solve_tool_errors_come_back_as_text():
    agent = ReplayAgent(SciagentError("no chat model is installed", fix="run setup_model.sh"))
    tool = solve_tool(agent)  # type: ignore[arg-type]
    message = tool.invoke(tool_call("solve", {"request": "x"}, "v2"))
    assert message.status == "error"
    assert "the agent could not run: no chat model is installed (fix: run setup_model.sh)" in (
        message.content
    )
    assert "invalid arguments" in tool.invoke({"domain": "biology"})
    with pytest.raises(ValueError, match="either an agent or a model"):
        solve_tool(agent, model="openai:gpt-4o-mini")  # type: ignore[arg-type]


def test_solve_tool_builds_its_agent_on_first_call(monkeypatch):
    made = []

    def fake_agent(model=None, **kwargs):
        made.append(model)
        return ReplayAgent(agent_result("ok"))

    monkeypatch.setattr("sciagent.agent.Agent", fake_agent)
    tool = solve_tool(model="scripted-model")
    assert made == [], "no model is loaded before the tool is used"
    tool.invoke({"request": "x"})
    tool.invoke({"request": "y"})
    assert made == ["scripted-model"]


def test_solve_is_exported_but_not_a_default_tool():
    assert "solve_tool" in lc.__all__ and "format_result" in lc.__all__
    assert "solve" not in [t.name for t in sciagent_tools()]


@needs_sandbox
def test_solve_tool_on_a_real_agent_with_disagreeing_programs(searcher):
    scripted = GenericFakeChatModel(
        messages=iter([AIMessage(f"```python\n{p}```") for p in (FRACTION, PERCENT)])
    )
    agent = Agent(scripted, strategy="select", samples=2, max_attempts=1, searcher=searcher)
    message = solve_tool(agent).invoke(
        tool_call("solve", {"request": "GC content of the DNA sequence ATGCGCGTATTA"}, "v3")
    )
    assert message.artifact["status"] == "unsure", message.content
    assert message.content.startswith("Status: UNSURE")
    assert "0.42" in message.content and "41.7" in message.content
    assert "<- picked" in message.content


# ------------------------------------------------------------------ inside an agent


@needs_sandbox
def test_tools_inside_a_real_create_agent(searcher):
    agents = pytest.importorskip("langchain.agents")
    program = ETHANOL_ATOMS
    scripted = ScriptedToolCallingModel(
        messages=iter(
            [
                AIMessage(
                    "",
                    tool_calls=[tool_call("search_api", {"query": "parse a SMILES string"}, "s1")],
                ),
                AIMessage("", tool_calls=[tool_call("check_code", {"code": program}, "c1")]),
                AIMessage("", tool_calls=[tool_call("run_code", {"code": program}, "r1")]),
                AIMessage("Ethanol (CCO) has 3 heavy atoms."),
            ]
        )
    )
    agent = agents.create_agent(scripted, tools=sciagent_tools(searcher, timeout=60))
    state = agent.invoke({"messages": [("user", "How many heavy atoms does ethanol have?")]})
    tool_messages = {m.tool_call_id: m for m in state["messages"] if isinstance(m, ToolMessage)}
    assert set(tool_messages) == {"s1", "c1", "r1"}
    # the real search output, exactly as the tool renders it
    assert tool_messages["s1"].content == search_api_tool(searcher).invoke(
        {"query": "parse a SMILES string"}
    )
    assert "rdkit.Chem.MolFromSmiles" in tool_messages["s1"].content
    assert tool_messages["c1"].content == "no problems found"
    # the real sandbox's stdout
    run = tool_messages["r1"]
    assert run.status == "success" and "heavy atoms: 3" in run.content
    assert run.artifact["stdout"] == "heavy atoms: 3\n" and run.artifact["value"] == 3
    assert state["messages"][-1].content == "Ethanol (CCO) has 3 heavy atoms."


def test_tool_errors_inside_an_agent_do_not_crash_it(searcher):
    agents = pytest.importorskip("langchain.agents")
    scripted = ScriptedToolCallingModel(
        messages=iter(
            [
                AIMessage(
                    "",
                    tool_calls=[
                        tool_call("search_api", {"query": "SMILES", "domain": "cooking"}, "e1")
                    ],
                ),
                AIMessage("", tool_calls=[tool_call("check_code", {"source": "x"}, "e2")]),
                AIMessage("Giving up."),
            ]
        )
    )
    tools = sciagent_tools(searcher)[:2]
    state = agents.create_agent(scripted, tools=tools).invoke({"messages": [("user", "hi")]})
    errors = [m for m in state["messages"] if isinstance(m, ToolMessage)]
    assert [m.status for m in errors] == ["error", "error"]
    assert "unknown domain 'cooking'" in errors[0].content
    assert "code" in errors[1].content  # which argument was missing
    assert state["messages"][-1].content == "Giving up."
