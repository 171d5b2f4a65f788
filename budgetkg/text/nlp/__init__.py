"""Narrative facts with spaCy: a blank Chinese pipeline (jieba segmenter) plus the rule-based
``budgetkg_facts`` component whose patterns live in ``patterns.json``. Runs offline; no model."""
