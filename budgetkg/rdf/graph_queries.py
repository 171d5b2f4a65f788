"""What each graph reads: one SPARQL query per graph, and the summary property that holds, per
report, exactly the rows that query finds in the report's graph.

Each query is ONE result made of a UNION of plain triple patterns, one per kind of fact (?part
says which): the store answers each part in time linear in its matches, whereas OPTIONAL labels
and GROUP BY over a large store grow faster than the store does. Python assembles. Each part reads
inside GRAPH ?g — a resource many reports describe (a policy document, an organisation) is
otherwise deduplicated across every graph of the store by the union default graph — so a query's
result is the sum of its results over each report graph alone. That is what makes the summaries
(:mod:`.summary`) possible: ingest runs the query once over the report's own quads and stores the
rows with the report (``bkg:hierarchyFacts`` …), and a graph over the whole store then reads one
literal per report instead of joining and decoding every term of every part.

The amount column is matched by FILTER, not as a constant: as a constant the store starts from
every `bkg:column col:total` triple of the store instead of from the few rows at hand.

Kept free of networkx and the question machinery: the mapping imports it for every report.
"""
from __future__ import annotations

from enum import Enum

from budgetkg.config import read_query

#: The prefixes sent in front of each graph query (queries/graphs/prefixes.rq), between newlines as first written.
PREFIXES = "\n" + read_query("graphs/prefixes.rq") + "\n"


class GraphKind(str, Enum):
    HIERARCHY = "hierarchy"   # department → internal divisions and subordinate units
    SPENDING = "spending"     # department — functional 类, weighted bipartite
    POLICIES = "policies"     # policy document → project → department


#: The queries are queries/graphs/*.rq; the text sent (and hashed into each summary's version, see
#: :mod:`.graph_summary`) starts and ends with the newlines the queries were first written with.
HIERARCHY_QUERY = "\n" + read_query("graphs/hierarchy.rq") + "\n"
SPENDING_QUERY = "\n" + read_query("graphs/spending.rq") + "\n"
POLICY_QUERY = "\n" + read_query("graphs/policies.rq") + "\n"


#: the query of each graph, and the report property holding its rows for one report (a summary)
QUERIES: dict[GraphKind, str] = {
    GraphKind.HIERARCHY: HIERARCHY_QUERY,
    GraphKind.SPENDING: SPENDING_QUERY,
    GraphKind.POLICIES: POLICY_QUERY,
}
ONTOLOGY = "https://w3id.org/budgetkg/ontology#"
SUMMARY_PROPERTY: dict[GraphKind, str] = {
    GraphKind.HIERARCHY: ONTOLOGY + "hierarchyFacts",
    GraphKind.SPENDING: ONTOLOGY + "spendingFacts",
    GraphKind.POLICIES: ONTOLOGY + "policyFacts",
}
