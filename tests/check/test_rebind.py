"""Imported names rebound, then used as the import: flow-sensitive, no false alarms.

These run the analysis alone (no index): any import counts, and each correct
program below is a way real code rebinds or shadows a name harmlessly.
"""

from __future__ import annotations

import ast

import pytest

from sciagent.check._rebind import rebound_imports

# program -> (line of the use, full name of what the use meant)
REBOUND: dict[str, tuple[str, int, str]] = {
    "for_loop": (
        """
import astropy.units as u
x = 1 * u.deg
for u in [x.unit]:
    print(u)
y = 2 * u.deg
""",
        6,
        "astropy.units.deg",
    ),
    "assign_attr": (
        """
import astropy.units as u
q = 5 * u.km
u = q.unit
print((q / (2 * u.s)).to(u.km / u.s))
""",
        5,
        "astropy.units.km",
    ),
    "literal": (
        """
import numpy as np
np = 5
print(np.zeros(3))
""",
        4,
        "numpy.zeros",
    ),
    "chem": (
        """
from rdkit import Chem
m = Chem.MolFromSmiles('CCO')
Chem = Chem.MolToSmiles(m)
print(Chem.MolFromSmiles('C'))
""",
        5,
        "rdkit.Chem.MolFromSmiles",
    ),
    "with_as": (
        """
import astropy.units as u
d = 3 * u.pc
with open('f') as u:
    pass
print(d.to(u.pc))
""",
        6,
        "astropy.units.pc",
    ),
    "func_local": (
        """
import astropy.units as u
def f(q):
    x = q.to(u.deg)
    u = q.unit
    return x
""",
        4,
        "astropy.units.deg",
    ),
    "func_scope_rebind": (
        """
import astropy.units as u
def f(values):
    for u in values:
        print(u)
    return 3 * u.km
print(4 * u.km)
""",
        6,
        "astropy.units.km",
    ),
    "loop_carried": (
        """
import astropy.units as u
for row in [1, 2]:
    print(row * u.deg)
    u = row
""",
        4,
        "astropy.units.deg",
    ),
    "none": (
        """
import astropy.units as u
u = None
print(u.deg)
""",
        4,
        "astropy.units.deg",
    ),
}

HARMLESS: dict[str, str] = {
    "use_before": """
import astropy.units as u
x = 3 * u.deg
for u in [x.unit]:
    print(u.to_string())
""",
    "func_only": """
import astropy.units as u
def f(values):
    for u in values:
        print(u.to_string())
print(3 * u.deg)
""",
    "guarded": """
try:
    import astropy.units as u
except ImportError:
    u = None
print(3 * u.deg)
""",
    "comprehension": """
import astropy.units as u
names = [u.to_string() for u in [u.m, u.km]]
print(3 * u.m)
""",
    "reimport": """
import astropy.units as u
u = 5
import astropy.units as u
print(u.deg)
""",
    "string_method": """
import astropy.units as u
print(u.m)
u = "km"
print(u.upper())
""",
    "param": """
import astropy.units as u
def to_deg(x, u):
    return x * u.deg
print(to_deg(3, u), u.deg)
""",
    "class_attr": """
import astropy.units as u
class A:
    u = 5
    v = u + 1
print(u.deg)
""",
    "conditional": """
import numpy as np
if False:
    np = None
print(np.zeros(2))
""",
    "global_in_func": """
import numpy as np
def g():
    global np
    np = np
print(np.ones(1))
""",
    "lambda": """
import astropy.units as u
f = lambda u: u.to_string()
print(f(u.m), u.m)
""",
    "nested_def_name": """
import numpy as np
def outer():
    def np():
        return 1
    return np()
print(np.zeros(1))
""",
    "except_as_other": """
import math
try:
    pass
except Exception as e:
    print(e.args)
print(math.pi)
""",
}


@pytest.mark.parametrize("case", list(REBOUND))
def test_rebound_import_is_found(case: str) -> None:
    code, line, name = REBOUND[case]
    (finding,) = rebound_imports(ast.parse(code))
    assert (finding.kind, finding.line, finding.name) == ("rebound-import", line, name)
    assert "another variable name" in finding.message


@pytest.mark.parametrize("case", list(HARMLESS))
def test_harmless_rebinding_is_quiet(case: str) -> None:
    assert rebound_imports(ast.parse(HARMLESS[case])) == []


def test_message_names_both_lines_and_a_fix() -> None:
    code = "import astropy.units as u\nx = 1 * u.deg\nfor u in [x.unit]:\n    print(u)\ny = u.deg\n"
    (finding,) = rebound_imports(ast.parse(code))
    assert finding.message == (
        "`u` is astropy.units (line 1: `import astropy.units as u`) but line 3 rebinds it "
        "(`for u in ...`), so `u.deg` on line 5 is no longer astropy.units; "
        "use another variable name for the other value, e.g. `unit`"
    )


def test_loop_carried_rebinding_says_when() -> None:
    (finding,) = rebound_imports(ast.parse(REBOUND["loop_carried"][0]))
    assert "from the loop's second iteration on" in finding.message


def test_index_membership_is_evidence() -> None:
    """``u.deg`` never read as the module: only the index says it belongs to it."""
    code = "import astropy.units as u\nfor u in [1]:\n    print(u)\nprint(2 * u.deg)\n"
    assert rebound_imports(ast.parse(code)) == []
    found = rebound_imports(
        ast.parse(code), lambda module, attr: (module, attr) == ("astropy.units", "deg")
    )
    assert [(f.line, f.name) for f in found] == [(4, "astropy.units.deg")]


def test_one_finding_per_line_and_name() -> None:
    code = "import astropy.units as u\nv = u.km / u.s\nu = None\nprint(u.km / u.s)\n"
    assert len(rebound_imports(ast.parse(code))) == 1
