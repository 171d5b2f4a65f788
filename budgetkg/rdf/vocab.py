"""Vocabulary terms, from one place. A namespace refuses names it does not declare,
so a typo fails loudly instead of minting a wrong IRI (cf. rdflib's DefinedNamespace)."""
from __future__ import annotations

import pyoxigraph as ox

from budgetkg.config import CODES_NS, ONTOLOGY_NS


class Vocabulary:
    """A namespace with a closed set of local names, giving pyoxigraph NamedNodes."""

    def __init__(self, base: str, names: str):
        self._base = base
        self._terms = {n: ox.NamedNode(base + n) for n in names.split()}

    def __getattr__(self, name: str) -> ox.NamedNode:
        try:
            return self._terms[name]
        except KeyError:
            raise AttributeError(f"{name!r} is not a term of <{self._base}>") from None

    def __getitem__(self, name: str) -> ox.NamedNode:
        return self.__getattr__(name)

    @property
    def base(self) -> str:
        return self._base

    def terms(self) -> dict[str, ox.NamedNode]:
        return dict(self._terms)


RDF = Vocabulary("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "type value")
RDFS = Vocabulary("http://www.w3.org/2000/01/rdf-schema#", "label comment")
XSD = Vocabulary("http://www.w3.org/2001/XMLSchema#", "decimal integer string boolean gYear")
SKOS = Vocabulary("http://www.w3.org/2004/02/skos/core#",
                  "Concept prefLabel altLabel notation broader inScheme")
ORG = Vocabulary("http://www.w3.org/ns/org#",
                 "FormalOrganization OrganizationalUnit hasUnit unitOf hasSubOrganization "
                 "subOrganizationOf")
QB = Vocabulary("http://purl.org/linked-data/cube#", "DataSet Observation dataSet")
PROV = Vocabulary("http://www.w3.org/ns/prov#", "wasDerivedFrom Entity wasInfluencedBy")
DCTERMS = Vocabulary("http://purl.org/dc/terms/", "title isPartOf identifier references")
OBEU_DIM = Vocabulary("http://data.openbudgets.eu/ontology/dsd/dimension/",
                      "budgetPhase fiscalYear currency organization functionalClassification "
                      "economicClassification")
OBEU_MEASURE = Vocabulary("http://data.openbudgets.eu/ontology/dsd/measure/", "amount")
BUDGET_PHASE = Vocabulary("http://data.openbudgets.eu/resource/codelist/budget-phase/", "approved executed")
CURRENCY = Vocabulary("http://data.openbudgets.eu/codelist/currency/", "CNY")

BKG = Vocabulary(ONTOLOGY_NS, """
    Report BudgetReport FinalAccountReport Department BudgetUnit InternalDivision ReportTable
    TableRow AmountObservation StaffingRecord Finding ReportTotal
    sourceFile sha256 department fiscalYear region report hasTable tableKind tableNumber
    unitOfPresentation columnOrder declaredEmpty origin derived proofStatus proofReason sumsTested sumsFailed table rowIndex
    rowRole side classification
    code projectName namePath complete row column printedAmount printedUnit sourceLine
    sourcePage staffOf authorizedPositions actualStaff inServiceStaff retiredStaff check severity
    rowLabel tableName expected found totalKind listedInCodeList classificationLevel
    PerformanceTable Indicator FundsFigure Contact
    hasPerformanceTable performanceKind unitName goal achieved executionRate fundsWeight fundsScore
    totalWeight totalScore forProject linkMethod linkConfidence hasFunds fundsKind hasContact
    contactRole contactValue performanceTable level1 level2 target comparator targetValue targetUnit
    targetUpper actual actualValue weight score deviation basis
    ReportFigure BudgetComparison figureKind item budgetAmount finalAmount differenceRate
    ChangeStatement ShareStatement PolicyDocument ProjectDescription subject direction percent basis reason
    NameResolution Project orgKey regionSource printedName resolvedTo resolutionRule nameRole scope
    project projectOf continues budgetUnit finalAccountReport budgetReport previousYearReport nextYearReport
    departmentLabel searchLabel totalIncome totalExpenditure ClassTotal classTotalOmitted ClassFigure
    hierarchyFacts spendingFacts policyFacts
    statedAmount quantity quantityUnit quote checkFamily defaultSeverity citesPolicy citedIn
    descriptionField fieldLabel fieldValue hasField implementer implementedBy
    PriorYearFigure priorBasis priorMeasure standsOnRow headerText figureYear referencesReport
    Passage textPart lineMap
""")

FUNCTIONAL_SCHEME = ox.NamedNode(CODES_NS + "functional")
ECONOMIC_SCHEME = ox.NamedNode(CODES_NS + "economic")


def column_concept(key: str) -> ox.NamedNode:
    """The SKOS concept of an amount column (codes/column/…)."""
    return ox.NamedNode(f"{CODES_NS}column/{key}")


def table_kind_concept(kind: str) -> ox.NamedNode:
    """The SKOS concept of a table kind (codes/table/…)."""
    return ox.NamedNode(f"{CODES_NS}table/{kind}")


def proof_concept(status: str) -> ox.NamedNode:
    """The SKOS concept of a table's proof status (codes/proof/…)."""
    return ox.NamedNode(f"{CODES_NS}proof/{status}")


def code_concept(scheme: str, code: str) -> ox.NamedNode:
    return ox.NamedNode(f"{CODES_NS}{scheme}/{code}")


def prior_basis(basis: str) -> ox.NamedNode:
    """The SKOS concept of a previous-year figure's basis (codes/prior-basis/…)."""
    return ox.NamedNode(f"{CODES_NS}prior-basis/{basis}")


def check_kind(check: str) -> ox.NamedNode:
    """The SKOS concept of a check kind (codes/check/…, see budgetkg.check)."""
    return ox.NamedNode(f"{CODES_NS}check/{check}")


def severity(level: str) -> ox.NamedNode:
    """The SKOS concept of a finding's severity (codes/severity/…)."""
    return ox.NamedNode(f"{CODES_NS}severity/{level}")
