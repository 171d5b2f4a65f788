"""The shipped code lists: SKOS structure, the codes seen in real reports, and honesty about
which names come from reports rather than the official list."""
from __future__ import annotations

import csv

import pyoxigraph as ox
import pytest

from budgetkg.config import ONTOLOGY_DIR
from budgetkg.model.codes import SKOS, code_list, names_match
from tests.corpus import SHARED

SEEN = (SHARED / "codes")


@pytest.mark.parametrize("scheme", ["functional", "economic"])
def test_every_code_has_its_broader_code_one_level_up(scheme):
    broader = {}
    for t in ox.parse(path=str(ONTOLOGY_DIR / "codes" / f"{scheme}.ttl"), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == SKOS + "broader":
            broader[t.subject.value.rsplit("/", 1)[-1]] = t.object.value.rsplit("/", 1)[-1]
    codes = code_list(scheme)
    for code in codes.names:
        assert codes.well_formed(code), code
        if len(code) > 3:
            assert broader.get(code) == code[:-2] and code[:-2] in codes.names, code


@pytest.mark.skipif(not SEEN.is_dir(), reason="the shared evidence lists are not on this machine")
@pytest.mark.parametrize("scheme", ["functional", "economic"])
def test_codes_seen_in_reports_are_listed_with_their_printed_name(scheme):
    codes = code_list(scheme)
    with (SEEN / f"{scheme}_seen.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert any(names_match(row["name"], n) for n in codes.labels(row["code"])), row


def test_names_taken_from_reports_are_marked_as_such():
    functional = code_list("functional")
    assert functional.name("2040201") == "行政运行" and "2040201" in functional.printed_only
    assert functional.name("2130305") == "水利工程建设"
    # the names of the original list stay unmarked
    assert "2010301" not in functional.printed_only
    assert "31009" in code_list("economic").printed_only


def test_well_formed_codes_the_list_lacks_are_recognised():
    functional = code_list("functional")
    assert functional.well_formed("2999999") and "2999999" not in functional.names
    assert not functional.well_formed("17") and not functional.well_formed("30101")
    assert code_list("economic").well_formed("39999") and not code_list("economic").well_formed("3010201")
