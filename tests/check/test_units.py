"""The pure parts of the checker: binding call shapes, and look-alike names."""

from __future__ import annotations

from sciagent.check._signatures import CallShape, judge
from sciagent.check._suggest import look_alike
from sciagent.records import Param, Signature


def _sig(*params: Param, source: str = "boost") -> Signature:
    return Signature(text="(...)", params=list(params), source=source)  # type: ignore[arg-type]


MOL = Param("mol")
FLAG = Param("onlyHeavy", has_default=True, default="False")


def test_any_overload_accepts() -> None:
    sigs = [_sig(MOL), _sig(MOL, FLAG)]
    assert judge(sigs, CallShape((2,), ())) is None
    assert judge(sigs, CallShape((1,), ("onlyHeavy",))) is None


def test_bad_keyword_and_arity() -> None:
    sigs = [_sig(MOL, FLAG)]
    verdict = judge(sigs, CallShape((1,), ("onlyheavy",)))
    assert verdict is not None and verdict.kind == "bad-keyword"
    assert verdict.suggestions["onlyheavy"] == ["onlyHeavy"]
    verdict = judge(sigs, CallShape((3,), ()))
    assert verdict is not None and verdict.kind == "arity"


def test_var_keywords_and_untrusted_sources_accept_anything() -> None:
    kwargs = Param("kwargs", kind="VAR_KEYWORD")
    assert judge([_sig(MOL, kwargs)], CallShape((1,), ("anything",))) is None
    assert judge([_sig(MOL, source="numpydoc")], CallShape((5,), ("x",))) is None
    assert judge([_sig(Param("not valid"))], CallShape((5,), ())) is None


def test_look_alike() -> None:
    assert look_alike("MolecularWeight", ["MolWt", "MolMR", "ExactMolWt"])[0] == "MolWt"
    assert look_alike("molfromsmiles", ["MolFromSmiles", "MolToSmiles"])[0] == "MolFromSmiles"
    assert look_alike("zzz", ["MolWt"]) == []
