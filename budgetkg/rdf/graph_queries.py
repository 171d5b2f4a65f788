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

PREFIXES = """
PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX obeu-measure: <http://data.openbudgets.eu/ontology/dsd/measure/>
PREFIX tk: <https://w3id.org/budgetkg/codes/table/>
PREFIX col: <https://w3id.org/budgetkg/codes/column/>
"""


class GraphKind(str, Enum):
    HIERARCHY = "hierarchy"   # department → internal divisions and subordinate units
    SPENDING = "spending"     # department — functional 类, weighted bipartite
    POLICIES = "policies"     # policy document → project → department


HIERARCHY_QUERY = """
SELECT ?part ?parent ?child ?value WHERE {
  { GRAPH ?g { ?value a bkg:Report ; bkg:department ?parent . BIND("report" AS ?part) } }
  UNION { GRAPH ?g { ?parent org:hasUnit ?child . BIND("internal" AS ?part) } }
  UNION { GRAPH ?g { ?child org:unitOf ?parent . BIND("internal" AS ?part) } }
  UNION { GRAPH ?g { ?parent org:hasSubOrganization ?child . BIND("subordinate" AS ?part) } }
  UNION { GRAPH ?g { ?child org:subOrganizationOf ?parent . BIND("subordinate" AS ?part) } }
  UNION { GRAPH ?g { ?parent a org:FormalOrganization ; skos:prefLabel ?value . BIND("label" AS ?part) } }
  UNION { GRAPH ?g { ?parent a org:OrganizationalUnit ; skos:prefLabel ?value . BIND("label" AS ?part) } }
  UNION { GRAPH ?g { ?parent a org:FormalOrganization ; skos:altLabel ?value . BIND("alt" AS ?part) } }
  UNION { GRAPH ?g { ?parent a org:FormalOrganization ; bkg:region ?value . BIND("region" AS ?part) } }
}
"""

SPENDING_QUERY = """
SELECT ?part ?report ?value ?code ?amount WHERE {
  { GRAPH ?g { ?report a bkg:Report ; bkg:department ?value . BIND("department" AS ?part) } }
  UNION { GRAPH ?g { ?report a bkg:Report ; bkg:fiscalYear ?value . BIND("year" AS ?part) } }
  UNION { GRAPH ?g { ?report a bkg:FinalAccountReport . BIND("final" AS ?part) } }
  UNION { GRAPH ?g { ?report a bkg:Report ; bkg:scope ?value . BIND("scope" AS ?part) } }
  UNION { GRAPH ?g { ?report a bkg:Report ; bkg:department ?dept . ?dept skos:prefLabel ?value . BIND("label" AS ?part) } }
  UNION { GRAPH ?g { ?c a bkg:ClassTotal ; bkg:report ?report ; bkg:code ?code ; obeu-measure:amount ?amount .
          BIND("table" AS ?part) } }
  UNION { GRAPH ?g { ?report bkg:classTotalOmitted ?code . BIND("omitted" AS ?part) } }
  UNION { GRAPH ?g { ?table bkg:tableKind tk:general-public ; bkg:origin "narrative" ; bkg:report ?report .
          ?row bkg:table ?table ; bkg:code ?code . FILTER(STRLEN(?code) = 3)
          ?o bkg:row ?row ; bkg:column ?col ; obeu-measure:amount ?amount . FILTER(?col = col:total)
          BIND("narrative" AS ?part) } }
}
"""

POLICY_QUERY = """
SELECT ?part ?subject ?object ?value WHERE {
  { GRAPH ?g { ?subject a bkg:ProjectDescription ; bkg:citesPolicy ?object . BIND("cites" AS ?part) } }
  UNION { GRAPH ?g { ?subject a bkg:ProjectDescription ; bkg:report ?object . BIND("in-report" AS ?part) } }
  UNION { GRAPH ?g { ?subject a bkg:ProjectDescription ; bkg:projectName ?value . BIND("name" AS ?part) } }
  UNION { GRAPH ?g { ?subject a bkg:ProjectDescription ; obeu-measure:amount ?value . BIND("scale" AS ?part) } }
  UNION { GRAPH ?g { ?subject a bkg:ProjectDescription ; bkg:forProject ?object . BIND("row" AS ?part) } }
  UNION { GRAPH ?g { ?subject a bkg:ProjectDescription ; bkg:forProject ?row .
          ?o bkg:row ?row ; bkg:column ?col ; obeu-measure:amount ?value . FILTER(?col = col:total)
          BIND("row-amount" AS ?part) } }
  UNION { GRAPH ?g { ?subject a bkg:PolicyDocument ; bkg:citedIn ?object . BIND("cited" AS ?part) } }
  UNION { GRAPH ?g { ?subject a bkg:PolicyDocument ; dcterms:identifier ?value . BIND("number" AS ?part) } }
  UNION { GRAPH ?g { ?subject a bkg:PolicyDocument ; dcterms:title ?value . BIND("title" AS ?part) } }
  UNION { GRAPH ?g { ?subject a bkg:Report ; bkg:department ?object . BIND("department" AS ?part) } }
  UNION { GRAPH ?g { ?r a bkg:Report ; bkg:department ?subject . ?subject skos:prefLabel ?value . BIND("label" AS ?part) } }
}
"""


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
