"""Issue 9, server side: nothing leaks out of the engine (SERVICE), slow queries stop in the
engine, the engine never outlives the app, and every bad request is a 4xx message."""
from __future__ import annotations

import pytest

from budgetkg.errors import QueryError
from budgetkg.questions import list_questions, run_query
from budgetkg.sparql_guard import FederationRefused, check_sparql

FEDERATED = {
    "triple quotes in comments hide the clause from a text check":
        '# """\nSELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }\n# """',
    "single triple quotes in comments": "# '''\nSELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }\n# '''",
    "lower case": "select * where { service <http://x/> { ?s ?p ?o } }",
    "mixed case": "SELECT * WHERE { SeRvIcE <http://x/> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <http://x/> { ?s ?p ?o } }",
    "a variable names the endpoint": "SELECT * WHERE { VALUES ?e { <http://x/> } SERVICE ?e { ?s ?p ?o } }",
    "prefixed name": "PREFIX e: <http://x/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
    "unicode escape": "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
    "long unicode escape": "SELECT * WHERE { \\U00000053ervice <http://x/> { ?s ?p ?o } }",
    "nested groups": "SELECT * WHERE { { { ?a ?b ?c } UNION { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "optional": "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <http://x/> { ?s ?p ?o } } }",
    "sub-select": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "minus": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <http://x/> { ?s ?p ?o } } }",
    "exists filter": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }",
    "not exists in an expression": "SELECT * WHERE { ?s ?p ?o FILTER(?o = 1 || NOT EXISTS { SERVICE <http://x/> {} }) }",
    "exists in BIND": "ASK { BIND(EXISTS { SERVICE <http://x/> {} } AS ?z) }",
    "exists in HAVING": "SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s HAVING (EXISTS { SERVICE <http://x/> {} })",
    "exists in ORDER BY": "SELECT * WHERE { ?s ?p ?o } ORDER BY (EXISTS { SERVICE <http://x/> {} })",
    "no spaces around a comparison": "SELECT * WHERE {?a ?b ?c FILTER(?a<?b)SERVICE ?x#>\n{}}",
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "describe": "DESCRIBE ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "graph": "SELECT * WHERE { GRAPH ?g { SERVICE <http://x/> { ?s ?p ?o } } }",
}

HARMLESS = {
    "plain": "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
    "the word in a string": 'SELECT ("SERVICE" AS ?x) WHERE {}',
    "the word in a comment": "# calls no SERVICE\nSELECT * WHERE { ?s ?p ?o } LIMIT 1",
    "the word in an IRI": "SELECT * WHERE { ?s a <http://www.w3.org/ns/sparql-service-description#Service> }",
    "a variable named service": "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
}


@pytest.mark.parametrize("name", FEDERATED)
def test_service_is_refused_however_it_is_written(name):
    with pytest.raises(FederationRefused):
        check_sparql(FEDERATED[name])


@pytest.mark.parametrize("name", HARMLESS)
def test_harmless_mentions_of_service_pass(name):
    check_sparql(HARMLESS[name])


def test_updates_with_service_in_where_are_refused():
    with pytest.raises(FederationRefused):
        check_sparql("INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }", update=True)
    with pytest.raises(FederationRefused):
        check_sparql("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://x/> {} } }", update=True)
    check_sparql("CLEAR ALL", update=True)


def test_unparsable_text_mentioning_service_is_refused_not_passed_through():
    with pytest.raises(QueryError) as info:
        check_sparql("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ")
    assert not isinstance(info.value, FederationRefused) and "line 1" in info.value.describe()


def test_text_without_the_word_is_not_parsed_at_all():
    # SPARQL 1.2 syntax the guard's parser does not know still reaches the engine
    check_sparql("SELECT * WHERE { <<( ?s ?p ?o )>> ?q ?z }")


def test_canned_questions_pass_the_guard():
    for q in list_questions():
        check_sparql(q.sparql)


def test_budgetkg_query_refuses_service_without_calling_out(sample_store):
    import socket
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        with pytest.raises(FederationRefused):
            run_query(sample_store, f'# """\nSELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}\n# """')
        with pytest.raises(OSError):  # nobody knocked
            listener.accept()
    finally:
        listener.close()


def test_cli_query_with_service_is_one_line_and_exit_2(sample_store):
    from typer.testing import CliRunner
    from budgetkg.cli import app
    result = CliRunner().invoke(app, ["query", "--store", str(sample_store.path),
                                      "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"])
    assert result.exit_code == 2 and "SERVICE" in result.output and "Traceback" not in result.output
