"""The ``budgetkg_facts`` spaCy component and the pipeline that carries it.

The component reads the narrative of a report (white space removed, one ``Doc``) and
sets span groups: ``changes`` (change statements), ``policies`` (cited documents),
``project_fields`` (labelled fields of project descriptions). Each span carries its
parsed fields in ``span._.fact``. Patterns are data (``patterns.json``): regular
expressions over the text; the spans keep the facts on the spaCy ``Doc``.
"""
from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

PATTERNS = Path(__file__).resolve().parent / "patterns.json"

if not Span.has_extension("fact"):
    Span.set_extension("fact", default=None)


class NarrativeFacts:
    """Finds change statements (比上年增加 x 万元; 与上年预算数一致 is a flat one), structure statements
    (占 21.23%), cited policy documents and project description fields."""

    def __init__(self, nlp: Language, patterns_path: str | None = None):
        data = json.loads(Path(patterns_path or PATTERNS).read_text(encoding="utf-8"))
        self.change = re.compile(data["change"])
        self.share = re.compile(data["share"])
        self.change_after = re.compile(data["change_subject_after"])
        self.change_same = re.compile(data["change_same"])
        self.reason = re.compile(data["reason"])
        self.policy_number = re.compile(data["policy_number"])
        self.policy_title = re.compile(data["policy_title"])
        self.basis_names: dict[str, str] = data["basis_names"]
        self.issuer_trim = re.compile(data["policy_issuer_trim"])
        self.directions = data["directions"]
        # Labels are found by text, not tokens: jieba may cut "财政补贴人数" as 财政补贴|人数.
        labels = sorted(data["project_fields"], key=len, reverse=True)
        self.fields = re.compile("(" + "|".join(map(re.escape, labels)) + ")(?=[:：])")

    def _span(self, doc: Doc, start: int, end: int, label: str, fact: dict[str, object]) -> Span | None:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            span._.fact = fact
        return span

    def _basis(self, printed: str) -> str:
        """比上年预算 → 上年预算; a named year (比2023年度, 与2023年度相比) is the year before: 上年."""
        if printed in self.basis_names:
            return self.basis_names[printed]
        kind = "决算" if "决算" in printed else "预算" if "预算" in printed else ""
        return "上年" + kind if re.search(r"\d{4}年", printed) else printed

    def _number(self, number: str) -> str:
        """A document number without the words run into its issuer ("项目名称乌财行〔…" → "乌财行〔…")."""
        cut = number.index(next(ch for ch in number if ch in "〔[【（(<＜"))
        return self.issuer_trim.sub("", number[:cut]) + number[cut:]

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        changes = []
        for m in self.change.finditer(text):
            if not m.group("amount") and not m.group("percent") and m.group("direction") != "持平":
                continue  # "导致经费较上年减少": a direction without a figure is no statement
            reason = self.reason.match(text, m.end())
            if reason is None:  # "…，增长 29%。主要原因是：…" — the reason may follow a sentence end
                nxt = re.compile(r"[^。]{0,40}?[。，,]?(?:主要原因(?:是|为)?|原因(?:是|为))[:：]?(?P<reason>[^。；]*)")
                reason = nxt.match(text, m.end()) if text[m.end():m.end() + 1] in "。，," else None
            fact = {"basis": self._basis(m.group("basis")),
                    "direction": "unspecified" if m.group("alternative") else self.directions[m.group("direction")],
                    "amount": m.group("amount"), "unit": m.group("unit"), "percent": m.group("percent"),
                    "reason": reason.group("reason").strip() if reason else None, "start": m.start()}
            span = self._span(doc, m.start(), m.end(), "CHANGE", fact)
            if span is not None:
                changes.append(span)
        for m in self.change_after.finditer(text):  # "与2023年度相比，收入支出总计增加 307.82 万元，增长 100%"
            reason = self.reason.match(text, m.end())
            fact = {"basis": self._basis(m.group("basis")), "direction": self.directions[m.group("direction")],
                    "amount": m.group("amount"), "unit": m.group("unit"), "percent": m.group("percent"),
                    "reason": reason.group("reason").strip() if reason else None, "start": m.start(),
                    "subject": m.group("subject")}
            span = self._span(doc, m.start(), m.end(), "CHANGE", fact)
            if span is not None:
                changes.append(span)
        for m in self.change_same.finditer(text):  # "因公出国（境）费预算支出70万元，与上年预算数一致"
            printed = m.group("basis")
            kind = "决算" if "决算" in printed else "预算" if "预算" in printed else ""
            fact = {"basis": "上年" + kind, "direction": "flat", "amount": None, "unit": None, "percent": None,
                    "reason": None, "start": m.start()}
            span = self._span(doc, m.start(), m.end(), "CHANGE", fact)
            if span is not None:
                changes.append(span)
        doc.spans["changes"] = sorted(changes, key=lambda s: s.start_char)
        shares = []
        for m in self.share.finditer(text):
            span = self._span(doc, m.start(), m.end(), "SHARE",
                              {"amount": m.group("amount"), "unit": m.group("unit"), "percent": m.group("percent"),
                               "start": m.start()})
            if span is not None:
                shares.append(span)
        doc.spans["shares"] = shares
        policies = []
        for m in self.policy_title.finditer(text):
            after = self.policy_number.match(text, m.end() + 1) if text[m.end():m.end() + 1] in "（(" else None
            fact = {"title": m.group("title"), "number": self._number(after.group("number")) if after else None}
            end = after.end() if after else m.end()
            span = self._span(doc, m.start(), end, "POLICY", fact)
            if span is not None:
                policies.append(span)
        titled = {(s.start_char, s.end_char) for s in policies}
        for m in self.policy_number.finditer(text):
            if not any(a <= m.start() < b for a, b in titled):
                span = self._span(doc, m.start(), m.end(), "POLICY",
                                  {"title": None, "number": self._number(m.group("number"))})
                if span is not None:
                    policies.append(span)
        doc.spans["policies"] = sorted(policies, key=lambda s: s.start_char)
        fields = []
        for m in self.fields.finditer(text):
            span = self._span(doc, m.start(), m.end(), "FIELD", {"label": m.group(1), "start": m.start(),
                                                                   "end": m.end()})
            if span is not None:
                fields.append(span)
        doc.spans["project_fields"] = fields
        return doc


@Language.factory("budgetkg_facts", default_config={"patterns_path": None})
def make_narrative_facts(nlp: Language, name: str, patterns_path: str | None) -> NarrativeFacts:
    """spaCy factory: ``nlp.add_pipe("budgetkg_facts")``."""
    return NarrativeFacts(nlp, patterns_path)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The blank Chinese pipeline (jieba) with ``budgetkg_facts``, built once per process."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    import jieba
    jieba.setLogLevel(logging.WARNING)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("budgetkg_facts")
    return nlp
