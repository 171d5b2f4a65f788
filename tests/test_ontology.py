"""The ontology, code lists and SHACL shapes agree with what the mapping writes."""
from __future__ import annotations

import pyoxigraph as ox
import rdflib
from pyshacl import validate

from budgetkg.check.read import read_report
from budgetkg.config import DEFAULT_BASE, ONTOLOGY_DIR
from budgetkg.load.pipeline import report_quads
from budgetkg.model.codes import code_list
from budgetkg.rdf.vocab import BKG

from .conftest import SAMPLES

OWL_CLASS = ox.NamedNode("http://www.w3.org/2002/07/owl#Class")


def _ontology_subjects() -> set[str]:
    return {t.subject.value for t in ox.parse(path=str(ONTOLOGY_DIR / "budget.ttl"))}


def test_every_vocabulary_term_is_declared_with_zh_and_en_labels():
    triples = list(ox.parse(path=str(ONTOLOGY_DIR / "budget.ttl")))
    labels = {(t.subject.value, t.object.language) for t in triples
              if t.predicate.value.endswith("#label") and isinstance(t.object, ox.Literal)}
    for name, term in BKG.terms().items():
        assert (term.value, "zh") in labels and (term.value, "en") in labels, name


def test_vocabulary_refuses_unknown_terms():
    try:
        BKG.Departmnet  # noqa: B018 - the typo is the point
    except AttributeError as exc:
        assert "Departmnet" in str(exc)
    else:
        raise AssertionError("a typo must not mint an IRI")


def test_code_lists_hold_every_class_and_the_sample_codes_with_official_names():
    functional = code_list("functional")
    classes = [c for c in functional.names if len(c) == 3]
    assert len(classes) == 30 and "201" in classes and "234" in classes
    assert functional.name("2013201") == "行政运行"
    assert functional.name("2069999") == "其他科学技术支出"
    assert functional.name("2080506") == "机关事业单位职业年金缴费支出"
    economic = code_list("economic")
    assert economic.name("30213") == "维修（护）费"
    assert economic.name("303") == "对个人和家庭的补助"


def _validate(quads):
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    data = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(),
                                format="nt")
    shapes = rdflib.Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    ontology = rdflib.Graph().parse(ONTOLOGY_DIR / "budget.ttl", format="turtle")
    conforms, _, text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    return conforms, text


def test_report_graphs_conform_to_the_shapes():
    quads = [q for n in ("000", "003", "004")
             for q in report_quads(read_report(SAMPLES[n]), DEFAULT_BASE)[1]]
    conforms, text = _validate(quads)
    assert conforms, text


def test_shapes_reject_an_amount_without_its_source_line():
    quads = report_quads(read_report(SAMPLES["004"]), DEFAULT_BASE)[1]
    broken = [q for q in quads if not (q.predicate == BKG.sourceLine and "/row/3/" in q.subject.value)]
    conforms, text = _validate(broken)
    assert not conforms and "sourceLine" in text
