"""The one name table the ranker, the checker and the plugin health check share."""

from __future__ import annotations

import json
from types import SimpleNamespace

from sciagent.index.names import CALLABLE_KINDS, NameTable
from sciagent.index.store import RecordTable, names_of
from sciagent.records import ApiRecord


def table(*records: ApiRecord) -> SimpleNamespace:
    lines = [json.dumps(r.to_dict()) for r in records]
    return SimpleNamespace(records=RecordTable(lines, names_of(list(records))))


def rec(qualname: str, kind: str, *aliases: str) -> ApiRecord:
    return ApiRecord(qualname, kind, "lib", "1.0", aliases=list(aliases))  # type: ignore[arg-type]


def test_object_wins_over_a_submodule_of_the_same_path():
    names = NameTable(
        [
            table(
                rec("Bio.PDB.PDBParser", "module"),
                rec("Bio.PDB.PDBParser.PDBParser", "class", "Bio.PDB.PDBParser"),
                rec("Bio.PDB.PDBParser.PDBParser.get_structure", "method"),
            )
        ]
    )
    assert names.kind("Bio.PDB.PDBParser") == "class"
    assert names.home("Bio.PDB.PDBParser") == "Bio.PDB.PDBParser.PDBParser"
    assert names.all_paths("Bio.PDB.PDBParser") == [
        "Bio.PDB.PDBParser",
        "Bio.PDB.PDBParser.PDBParser",
    ]
    assert "get_structure" in names.member_names("Bio.PDB.PDBParser")
    assert names.member("Bio.PDB.PDBParser", "get_structure") == (
        "Bio.PDB.PDBParser.PDBParser.get_structure"
    )
    assert names.record("nope") is None and names.member("Bio.PDB", "nope") is None


def test_recipes_are_found_by_path_only():
    names = NameTable(
        [
            table(rec("lib.f", "function")),
            table(rec("recipe:p/f", "recipe"), rec("lib.m", "module")),
        ]
    )
    assert names.locate("recipe:p/f") == (1, 0)
    assert names.named("F") == [(0, 0)]
    assert names.named("m") == [(1, 1)] and names.named("m", CALLABLE_KINDS) == []
    assert names.record("lib.f") is not None and names.record("lib.f").qualname == "lib.f"
