"""Missing and shadowed conventional imports, fixed before a program is judged."""

from __future__ import annotations

import importlib

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from sciagent.agent import Agent
from sciagent.check import PYTHON_IMPORTS, fix_imports, import_statement
from sciagent.errors import PluginError
from sciagent.plugin import Library, Plugin, load_plugins

CONVENTIONS = {**PYTHON_IMPORTS, "u": "astropy.units", "Chem": "rdkit.Chem", "Seq": "Bio.Seq.Seq"}


@pytest.mark.parametrize(
    ("name", "target", "statement"),
    [
        ("u", "astropy.units", "import astropy.units as u"),
        ("Chem", "rdkit.Chem", "from rdkit import Chem"),
        ("Seq", "Bio.Seq.Seq", "from Bio.Seq import Seq"),
        ("math", "math", "import math"),
    ],
)
def test_import_statement(name: str, target: str, statement: str) -> None:
    assert import_statement(name, target) == statement


def test_a_name_used_but_never_imported_gets_its_import_before_the_others() -> None:
    code = "from astropy.coordinates import SkyCoord\nc = SkyCoord(1 * u.deg, 2 * u.deg)\n"
    fixed = fix_imports(code, CONVENTIONS)
    assert fixed.code == "import astropy.units as u\n" + code
    assert fixed.fixes == [
        "added `import astropy.units as u`: line 2 uses `u`, which nothing imports"
    ]


def test_a_use_inside_a_function_counts_and_the_data_copy_stays_first() -> None:
    code = "smiles = 'CCO'\ndef mw():\n    return Chem.MolFromSmiles(smiles)\nprint(mw())\n"
    fixed = fix_imports(code, CONVENTIONS, known={"smiles"})
    # the model's copy of the request's data stays on top, where it is recognised and dropped
    assert fixed.code.splitlines()[:2] == ["smiles = 'CCO'", "from rdkit import Chem"]


def test_a_module_shadowed_by_its_same_named_member_is_put_back() -> None:
    code = "from astropy.units import deg, u\nprint((3 * u.deg).to(u.arcmin), deg)\n"
    fixed = fix_imports(code, CONVENTIONS)
    assert fixed.code == (
        "from astropy.units import deg\nimport astropy.units as u\n"
        "print((3 * u.deg).to(u.arcmin), deg)\n"
    )
    assert (
        "replaced `from astropy.units import u` with `import astropy.units as u`"
        in (fixed.fixes[0])
    )
    # and the fixed program runs where the original could not
    namespace: dict[str, object] = {}
    exec(compile(fixed.code, "<fixed>", "exec"), namespace)


@pytest.mark.parametrize(
    "code",
    [
        "import astropy.units as u\nprint(u.deg)\n",  # imported already
        "for u in [1, 2]:\n    print(u)\n",  # the program's own name
        "def f(u):\n    return u.value\n",  # a parameter
        "try:\n    import astropy.units as u\nexcept ImportError:\n    u = None\nprint(u)\n",
        "from astropy.units import *\nprint(u.deg)\n",  # unknowable without running it
        "from astropy.units import u\nprint(2 * u)\n",  # the dalton, used as a unit
        "print(unknown_name.deg)\n",  # no convention: the checker and the run report it
        "def broken(:\n",  # not Python: the checker reports it
    ],
)
def test_what_is_not_certain_is_left_alone(code: str) -> None:
    fixed = fix_imports(code, CONVENTIONS)
    assert fixed.code == code and fixed.fixes == []


def test_request_data_names_are_not_imports() -> None:
    assert fix_imports("print(np)\n", CONVENTIONS, known={"np"}).fixes == []


def test_every_first_party_convention_names_a_real_object() -> None:
    plugins = [p for p in load_plugins().plugins if p.imports]
    assert {p.domain for p in plugins} >= {"chemistry", "biology", "astronomy"}
    for plugin in plugins:
        for name, target in plugin.imports.items():
            statement = import_statement(name, target)
            namespace: dict[str, object] = {}
            exec(statement, namespace)  # the real, installed library
            assert namespace[name] is not None, statement
    for name, target in PYTHON_IMPORTS.items():
        assert importlib.import_module(target) is not None, name


@pytest.mark.parametrize(
    ("imports", "words"),
    [({"1x": "astropy.units"}, "map a name to a dotted path"), ({"np": "numpy"}, "names nothing")],
)
def test_a_bad_convention_is_a_clear_plugin_error(imports: dict[str, str], words: str) -> None:
    library = Library(name="astropy", import_name="astropy", distribution="astropy")
    with pytest.raises(PluginError, match=words):
        Plugin(name="bad", domain="astronomy", libraries=(library,), imports=imports)


def _program(body: str) -> AIMessage:
    return AIMessage(f"```python\n{body.strip()}\n```")


def test_the_agent_fixes_before_judging_and_says_so(searcher) -> None:
    """A program that forgets ``import astropy.units as u`` is accepted with the fix on record."""
    forgot = _program(
        "from astropy.coordinates import SkyCoord\n"
        "a = SkyCoord(ra=10.68 * u.deg, dec=41.27 * u.deg)\n"
        "b = SkyCoord(ra=83.82 * u.deg, dec=-5.39 * u.deg)\n"
        "result = round(a.separation(b).to(u.deg).value, 3)\nprint(result)\n"
    )
    model = GenericFakeChatModel(messages=iter([forgot]))
    agent = Agent(model, searcher=searcher, strategy="repair", timeout=60)
    result = agent.run("angular separation in degrees of RA 10.68 Dec 41.27 and RA 83.82 Dec -5.39")
    (attempt,) = result.attempts
    assert attempt.ok and result.answer == "81.079"
    assert attempt.code.startswith("import astropy.units as u\n")
    assert attempt.fixes == [
        "added `import astropy.units as u`: line 2 uses `u`, which nothing imports"
    ]
    assert result.to_dict()["attempts"][0]["fixes"] == attempt.fixes


def test_a_fixed_program_that_still_fails_tells_the_model_about_the_fix(searcher) -> None:
    crashing = _program("x = 3 * u.deg\nresult = 1 / 0\nprint(result)\n")
    model = GenericFakeChatModel(messages=iter([crashing]))
    agent = Agent(model, searcher=searcher, strategy="repair", max_attempts=1, timeout=60)
    (attempt,) = agent.run("divide one by zero in degrees").attempts
    assert attempt.run is not None and attempt.run.error.type == "ZeroDivisionError"
    assert attempt.feedback.startswith("Before checking it, sciagent fixed your program's imports")
    assert "`import astropy.units as u`" in attempt.feedback


def test_import_fixes_can_be_turned_off(searcher) -> None:
    forgot = _program("x = 3 * u.deg\nprint(x)\n")
    model = GenericFakeChatModel(messages=iter([forgot]))
    agent = Agent(model, searcher=searcher, strategy="repair", max_attempts=1, import_fixes=False)
    (attempt,) = agent.run("three degrees").attempts
    assert attempt.fixes == [] and attempt.code == "x = 3 * u.deg\nprint(x)\n"
    assert attempt.run is not None and attempt.run.error.type == "NameError"
