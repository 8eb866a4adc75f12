"""``sciagent mcp`` through the SDK's own clients, on the real index and the real sandbox.

The stdio and HTTP tests launch the real command as a subprocess and talk to it
as Claude Code or Cursor would; the in-process tests use the SDK's in-memory
client.  Only the chat model behind ``solve`` is scripted (langchain-core's
fake): the embedded 1.5B model is too slow for a unit test, so over stdio
``solve`` is checked on bad input only.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp")

from click.testing import CliRunner
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult, ImageContent

from sciagent.cli import main
from sciagent.mcp_server import Toolbox, build_server
from sciagent.mcp_server import _server as mcp_server_module
from sciagent.sandbox import detect_tier

needs_sandbox = pytest.mark.skipif(
    not detect_tier().safe, reason="no sandbox isolation tier on this machine"
)

TOOLS = {"search_api", "describe_api", "check_code", "run_code", "list_libraries", "solve"}
SECRET = "sk-sciagent-mcp-test-8c1e5a"
INVENTED = "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\nm = Chem.MolFromSmiles('CCO')\nprint(Descriptors.MolecularWeight(m))\n"
CLEAN = "from rdkit import Chem\nm = Chem.MolFromSmiles('CCO')\nresult = m.GetNumAtoms()\nprint(result)\n"
#: a 1x1 PNG, written by the program so run_code returns it as image content
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg=="
)


def sciagent_command() -> list[str]:
    """The installed ``sciagent`` script beside this interpreter, else ``python -c``."""
    script = Path(sys.executable).with_name("sciagent")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from sciagent.cli import main; main()"]


def server_env() -> dict[str, str]:
    """What the child needs: a stdio child does not inherit the parent's environment."""
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "SCIAGENT_TEST_API_KEY": SECRET}
    for name in ("SCIAGENT_INDEX_DIR", "SCIAGENT_PLUGINS", "SCIAGENT_EMBEDDING_MODEL"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


async def call(client: Client, name: str, args: dict[str, Any]) -> CallToolResult:
    result = await client.call_tool(name, args)
    assert isinstance(result, CallToolResult)
    return result


async def refused(client: Client, name: str, args: dict[str, Any], *words: str) -> str:
    """The tool error's text, checked to name the problem (``words``) and a fix."""
    result = await call(client, name, args)
    assert result.is_error, f"{name}({args}) should be refused: {result}"
    text = result.content[0].text  # type: ignore[union-attr]
    for word in words:
        assert word in text, text
    return text


async def every_tool_good_and_bad(client: Client) -> None:
    """The same session through all six tools and the resource, good input then bad."""
    listed = {t.name: t for t in (await client.list_tools()).tools}
    assert set(listed) == TOOLS
    assert set(listed["run_code"].input_schema["properties"]) == {"code", "timeout", "files"}

    libraries = (await call(client, "list_libraries", {})).structured_content
    assert libraries is not None and {"chemistry", "biology", "astronomy"} <= set(
        libraries["domains"]
    )
    assert all(lib["state"] == "fresh" for lib in libraries["libraries"])

    found = (
        await call(client, "search_api", {"query": "parse a SMILES string"})
    ).structured_content
    assert found is not None and "rdkit.Chem.MolFromSmiles" in [h["name"] for h in found["hits"]]
    await refused(client, "search_api", {"query": "   "}, "empty", "Fix:")
    await refused(client, "search_api", {"query": "\x00\x01\x02\xff\xfe junk"}, "binary", "Fix:")
    await refused(client, "search_api", {"query": "x", "domain": "alchemy"}, "unknown domain")

    card = (await call(client, "describe_api", {"name": "Chem.MolFromSmiles"})).structured_content
    assert card is not None and card["qualname"] == "rdkit.Chem.rdmolfiles.MolFromSmiles"
    assert len(card["overloads"]) >= 2 and card["doc"]
    await refused(
        client, "describe_api", {"name": "rdkit.Chem.MolFromSmile"}, "did you mean", "MolFromSmiles"
    )

    checked = (await call(client, "check_code", {"code": INVENTED})).structured_content
    assert checked is not None and not checked["ok"]
    assert checked["findings"][0]["suggestion"] == "rdkit.Chem.Descriptors.MolWt"
    assert checked["findings"][0]["severity"] == "error"  # proven: it blocks
    shifted = (await call(client, "check_code", {"code": "\n\n" + INVENTED})).structured_content
    assert shifted["findings"][0]["line"] == checked["findings"][0]["line"] + 2  # type: ignore[index]
    assert (await call(client, "check_code", {"code": CLEAN})).structured_content == {
        "ok": True,
        "findings": [],
    }
    await refused(client, "check_code", {"code": "\x00\x89PNG\x1a binary"}, "binary")

    program = f"import os\nprint('host env:', {SECRET!r} in str(os.environ))\n" + CLEAN
    ran = (await call(client, "run_code", {"code": program})).structured_content
    assert ran is not None and ran["ok"] and ran["value"] == 3 and ran["tier"] in "AB"
    assert ran["stdout"].startswith("host env: False")  # nothing of the server's env
    await refused(
        client, "run_code", {"code": "while True:\n    pass\n", "timeout": 1}, "WallTime", "timeout"
    )
    await refused(client, "run_code", {"code": "print('x' * 3_000_000)"}, "characters", "summary")
    await refused(client, "run_code", {"code": "x = bytearray(8 << 30)"}, "MemoryError", "less")
    await refused(client, "run_code", {"code": "print(1)", "timeout": -5}, "timeout")
    await refused(client, "run_code", {"code": "print(1)", "files": {"../x": "a"}}, "relative")

    await refused(client, "solve", {"request": ""}, "empty", "Fix:")

    resource = await client.read_resource("sciagent://api/rdkit.Chem.rdmolfiles.MolFromSmiles")
    assert "MolFromSmiles(" in resource.contents[0].text  # type: ignore[union-attr]

    # still serving after all that
    again = await call(client, "search_api", {"query": "Tanimoto similarity", "k": 3})
    assert not again.is_error and len(again.structured_content["hits"]) == 3  # type: ignore[index]


# ------------------------------------------------------------------------ stdio


@needs_sandbox
def test_stdio_server_serves_every_tool_and_keeps_stdout_for_the_protocol():
    command, *args = sciagent_command()
    junk: list[Exception] = []

    async def on_message(message: object) -> None:
        if isinstance(message, Exception):  # a line on stdout that is not JSON-RPC
            junk.append(message)

    async def session() -> None:
        params = StdioServerParameters(command=command, args=[*args, "mcp"], env=server_env())
        async with Client(params, message_handler=on_message, read_timeout_seconds=60) as client:
            await every_tool_good_and_bad(client)

    asyncio.run(session())
    assert junk == []


# ------------------------------------------------------------------------- HTTP


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


@needs_sandbox
def test_streamable_http_on_loopback():
    port = free_port()
    env = {**os.environ, **server_env()}
    process = subprocess.Popen(
        [*sciagent_command(), "mcp", "--http", str(port)],  # no host: loopback only
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, process)

        async def session() -> None:
            async with Client(f"http://127.0.0.1:{port}/mcp", read_timeout_seconds=60) as client:
                assert {t.name for t in (await client.list_tools()).tools} == TOOLS
                hits = await call(client, "search_api", {"query": "reverse complement"})
                assert "reverse_complement" in hits.structured_content["hits"][0]["qualname"]  # type: ignore[index]
                await refused(
                    client, "describe_api", {"name": "Bio.Seq.NoSuchThing"}, "did you mean"
                )
                ran = await call(client, "run_code", {"code": "print(6 * 7)"})
                assert ran.structured_content["stdout"] == "42\n"  # type: ignore[index]

        asyncio.run(session())
        if shutil.which("ss"):
            listening = subprocess.run(
                ["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=False
            ).stdout
            local = [line.split()[3] for line in listening.splitlines()]  # not 0.0.0.0
            assert local == [f"127.0.0.1:{port}"], listening
    finally:
        process.terminate()
        process.wait(timeout=20)


# ------------------------------------------------------------------- in process


def in_memory(toolbox: Toolbox, body: Callable[[Client], Awaitable[None]]) -> None:
    async def session() -> None:
        async with Client(build_server(toolbox, warm=False)) as client:
            await body(client)

    asyncio.run(session())


@needs_sandbox
def test_solve_runs_the_agent_with_the_configured_model(searcher, monkeypatch):
    monkeypatch.setattr(mcp_server_module, "PROGRESS_EVERY_S", 0.2)
    program = "```python\nfrom rdkit import Chem\nprint(Chem.MolFromSmiles('CCO').GetNumHeavyAtoms())\n```"
    model = GenericFakeChatModel(messages=iter([AIMessage(program) for _ in range(6)]))
    toolbox = Toolbox(searcher, model=model, agent_options={"samples": 2, "budget_s": 120})

    async def body(client: Client) -> None:
        await refused(client, "solve", {"request": "atoms", "domain": "alchemy"}, "unknown domain")
        progress: list[str | None] = []

        async def on_progress(done: float, total: float | None, message: str | None) -> None:
            progress.append(message)

        request = {"request": "How many heavy atoms has ethanol (SMILES CCO)?"}
        result = await client.call_tool("solve", request, progress_callback=on_progress)
        solved = result.structured_content
        assert solved is not None
        assert solved["status"] == "ok" and solved["answer"] == "3", solved
        assert solved["confidence"] > 0.5 and "Chem.MolFromSmiles" in solved["code"]
        assert any(u["library"] == "rdkit" for u in solved["apis_used"])
        # each stage as it happens, even when the answer comes in under a second
        assert progress and all(m.startswith("solving: ") for m in progress), progress
        assert any("finding the APIs" in m for m in progress)
        assert any("running in the sandbox" in m for m in progress)

    in_memory(toolbox, body)


@needs_sandbox
def test_run_code_returns_images_and_small_text_files(searcher):
    code = (
        "import base64\n"
        f"open('dot.png', 'wb').write(base64.b64decode({base64.b64encode(PNG).decode()!r}))\n"
        "open('out.csv', 'w').write(open('in.smi').read().upper())\n"
    )

    async def body(client: Client) -> None:
        result = await call(client, "run_code", {"code": code, "files": {"in.smi": "cco\n"}})
        assert not result.is_error
        images = [c for c in result.content if isinstance(c, ImageContent)]
        assert [base64.b64decode(i.data) for i in images] == [PNG]
        assert images[0].mime_type == "image/png"
        files = {f["name"]: f for f in result.structured_content["files"]}  # type: ignore[index]
        assert files["out.csv"]["text"] == "CCO\n" and files["dot.png"]["image"]
        assert json.loads(result.content[0].text)["files"]  # type: ignore[union-attr]

    in_memory(Toolbox(searcher), body)


def test_every_tool_is_described_for_a_model_with_typed_arguments(searcher):
    async def body(client: Client) -> None:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        arguments = {
            "search_api": {"query", "k", "domain"},
            "describe_api": {"name"},
            "check_code": {"code"},
            "run_code": {"code", "timeout", "files"},
            "list_libraries": set(),
            "solve": {"request", "domain"},
        }
        for name, expected in arguments.items():
            tool = tools[name]
            assert set(tool.input_schema.get("properties", {})) == expected, name
            assert tool.output_schema is not None, name
            assert len(tool.description or "") > 200, name
        assert tools["search_api"].input_schema["properties"]["k"]["maximum"] == 20
        templates = (await client.list_resource_templates()).resource_templates
        assert [t.uri_template for t in templates] == ["sciagent://api/{qualname}"]

    in_memory(Toolbox(searcher), body)


def test_http_address_parsing():
    runner = CliRunner()
    for bad in ("0", "70000", "host:", "localhost:http"):
        result = runner.invoke(main, ["mcp", "--http", bad])
        assert result.exit_code == 2 and "[HOST:]PORT" in result.output, bad
    from sciagent.cli.mcp import Address

    assert Address().convert("8123", None, None) == ("127.0.0.1", 8123)
    assert Address().convert("0.0.0.0:80", None, None) == ("0.0.0.0", 80)
    assert Address().convert("[::1]:9000", None, None) == ("::1", 9000)


def test_without_the_sdk_the_command_says_what_to_install(monkeypatch):
    import sciagent.mcp_server as package

    for name in [m for m in sys.modules if m.split(".")[0] in ("mcp", "mcp_types")]:
        monkeypatch.setitem(sys.modules, name, None)  # as if never installed
    monkeypatch.delitem(sys.modules, "sciagent.mcp_server._server", raising=False)
    monkeypatch.delattr(package, "_server", raising=False)
    result = CliRunner().invoke(main, ["mcp"])
    assert result.exit_code == 1
    assert "pip install 'sciagent[mcp]'" in result.output
    assert "Traceback" not in result.output


@needs_sandbox
def test_mcp_output_dir_keeps_the_files_programs_write(tmp_path):
    """`sciagent mcp --output-dir DIR`: run_code's files land in DIR, and it says where."""
    command, *args = sciagent_command()
    out = tmp_path / "results"

    async def session() -> dict[str, Any]:
        params = StdioServerParameters(
            command=command, args=[*args, "mcp", "--output-dir", str(out)], env=server_env()
        )
        async with Client(params, read_timeout_seconds=60) as client:
            program = "open('table.csv', 'w').write('a,b\\n1,2\\n')\nprint('done')"
            result = await call(client, "run_code", {"code": program})
            return result.structured_content  # type: ignore[return-value]

    ran = asyncio.run(session())
    saved = list(out.rglob("table.csv"))
    assert len(saved) == 1 and saved[0].read_text() == "a,b\n1,2\n"
    assert str(saved[0]) in json.dumps(ran)
