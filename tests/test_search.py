"""Search over the real index of RDKit, Biopython and Astropy."""

from __future__ import annotations

from dataclasses import fields

import pytest

import sciagent
from sciagent import Hit, QueryError


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("CalcExactMolWt", "rdkit.Chem.rdMolDescriptors.CalcExactMolWt"),
        (
            "Tanimoto similarity of two bit vectors",
            "rdkit.DataStructs.cDataStructs.TanimotoSimilarity",
        ),
        ("reverse complement of a DNA sequence", "Bio.Seq.Seq.reverse_complement"),
        (
            "match_to_catalog_sky",
            "astropy.coordinates.sky_coordinate.SkyCoord.match_to_catalog_sky",
        ),
    ],
)
def test_finds_obvious_apis_in_top_10(searcher, request_text, expected):
    hits = searcher.search(request_text, k=10)
    assert expected in [h.qualname for h in hits]


def test_hits_carry_the_documented_fields(searcher):
    hits = searcher.search("molecular weight", k=5)
    assert len(hits) == 5
    names = {f.name for f in fields(Hit)}
    assert {
        "qualname",
        "aliases",
        "kind",
        "signature",
        "summary",
        "library",
        "version",
        "score",
    } <= names
    for hit in hits:
        assert hit.library in {"rdkit", "biopython", "astropy"} and hit.version
        assert isinstance(hit.score, float)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_domain_filter(searcher):
    hits = searcher.search("molecular weight", k=10, domain="biology")
    assert hits and all(h.library == "biopython" for h in hits)


def test_every_overload_is_in_the_hit(searcher):
    hits = searcher.search("TanimotoSimilarity", k=10)
    hit = next(h for h in hits if h.qualname.endswith("cDataStructs.TanimotoSimilarity"))
    assert len(hit.signatures) >= 4


def test_modes_differ_and_hybrid_fuses(searcher):
    q = "read sequences from a FASTA file"
    dense = {h.qualname for h in searcher.search(q, k=20, mode="dense")}
    lexical = {h.qualname for h in searcher.search(q, k=20, mode="lexical")}
    hybrid = {h.qualname for h in searcher.search(q, k=20)}
    assert dense != lexical
    assert hybrid & dense and hybrid & lexical


@pytest.mark.parametrize("bad", ["", "   \n\t", None, 42])
def test_malformed_request_is_a_clear_error(searcher, bad):
    with pytest.raises(QueryError) as err:
        searcher.search(bad)  # type: ignore[arg-type]
    assert "request" in str(err.value)


@pytest.mark.parametrize("k", [0, -1, 201, "5", True])
def test_bad_k(searcher, k):
    with pytest.raises(QueryError, match="k must be"):
        searcher.search("molecular weight", k=k)  # type: ignore[arg-type]


def test_unknown_domain_lists_the_known_ones(searcher):
    with pytest.raises(QueryError) as err:
        searcher.search("molecular weight", domain="geology")
    assert "geology" in str(err.value)
    assert "chemistry" in str(err.value) and "astronomy" in str(err.value)


def test_module_level_search_uses_the_default_searcher(searcher):
    hits = sciagent.search("parse a GenBank file", k=3, domain="biology")
    assert len(hits) == 3 and all(h.library == "biopython" for h in hits)
    sciagent.close()


def test_generic_vocabulary_maps_plain_verbs_to_api_verbs(searcher) -> None:
    # plugins' synonyms still apply; the generic ones add API verbs for any library
    assert "align" in searcher._expand("superimpose the conformers onto the first one")
    assert "count" in searcher._expand("how many times does GAATTC occur")
    assert "sort" in searcher._expand("rows in order by magnitude")
    assert "sort" not in searcher._expand("the bond order of each bond")
    hits = searcher.search("superimpose all conformers of a molecule onto the first one", k=10)
    assert any(h.qualname.endswith("AlignMolConformers") for h in hits)
