"""One vocabulary: the Python enums of the model and their SKOS mirror in ontology/codes agree
one to one, and the table registry names its columns only with :class:`ColumnKey` members."""
from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from budgetkg.config import ONTOLOGY_DIR
from budgetkg.model import tables
from budgetkg.model.report import TableKind
from budgetkg.model.tables import ColumnKey

SKOS = "http://www.w3.org/2004/02/skos/core#"
CODES = "https://w3id.org/budgetkg/codes/"


def _concepts(scheme: str) -> dict[str, str]:
    """IRI → skos:notation of the concepts of one scheme of ontology/codes/tables.ttl."""
    triples = list(ox.parse(path=str(ONTOLOGY_DIR / "codes" / "tables.ttl")))
    members = {t.subject.value for t in triples
               if t.predicate.value == SKOS + "inScheme" and t.object.value == CODES + scheme}
    return {t.subject.value: t.object.value for t in triples
            if t.subject.value in members and t.predicate.value == SKOS + "notation"}


def test_every_column_key_has_its_skos_concept_and_every_concept_its_key():
    concepts = _concepts("column")
    assert set(concepts) == {f"{CODES}column/{k.value}" for k in ColumnKey}
    assert all(iri.endswith("/" + notation) for iri, notation in concepts.items())


def test_every_table_kind_has_its_skos_concept_and_every_concept_its_kind():
    concepts = _concepts("table")
    assert set(concepts) == {f"{CODES}table/{k.value}" for k in TableKind}
    assert all(iri.endswith("/" + notation) for iri, notation in concepts.items())


def test_the_registry_names_its_columns_with_column_keys():
    for s in tables.SPECS:
        assert all(type(k) is ColumnKey for k, _ in s.columns), s.kind
        assert all(type(k) is ColumnKey for k in s.default_columns), s.kind
        for whole, parts in s.sums:
            assert type(whole) is ColumnKey and all(type(p) is ColumnKey for p in parts), s.kind
    for keys in (tables.THREE_PUBLIC_COLUMNS, tables.FISCAL_COLUMNS, [k for k, _ in tables.SIDE_COLUMNS]):
        assert all(type(k) is ColumnKey for k in keys)


def test_a_column_key_reads_as_its_value_wherever_it_is_written():
    # IRIs, messages and exports format keys into text: a member must read exactly as the string did
    key = ColumnKey.VEHICLE_PURCHASE
    assert f"{key}" == str(key) == format(key) == "vehicle_purchase"
    assert key == "vehicle_purchase" and hash(key) == hash("vehicle_purchase")
    assert {"vehicle_purchase": 1}[key] == 1 and "/".join([key, ColumnKey.TOTAL]) == "vehicle_purchase/total"
    assert ColumnKey.OVERSEAS.budget() is ColumnKey.OVERSEAS_BUDGET


def test_one_unit_reads_the_printed_unit_and_shows_the_chosen_one():
    from budgetkg.model.units import Unit
    from budgetkg.query.answers import Unit as AnswerUnit
    from budgetkg.text.amounts import UNIT_FACTORS, to_amount

    assert AnswerUnit is Unit
    assert Unit.of_label("万元") is Unit.WAN and Unit.of_label("元") is Unit.YUAN and Unit.of_label("千元") is None
    assert UNIT_FACTORS == {"万元": 10000, "元": 1}
    assert to_amount(Decimal("1.5"), Unit.WAN.label).yuan == Decimal(15000)
    assert Unit.parse(None) is Unit.YUAN and Unit.parse("wan").label == "万元"
