"""Stage 7: a question typed in words — 中文 or English — understood as a canned question and its filters.

``budgetkg ask "北京市统计局2026年三公经费"`` and the home page's box come here. The understanding
is rule-based and offline (no model): the parts of the text are taken in an order where the most
specific reading goes first —

1. **department names** the store holds (its reports' search labels, :func:`~budgetkg.text.names.search_labels`)
   printed whole in the text;
2. a **year** (2021, 2021年, 2021年度);
3. a **class** of the functional classification by its name (教育支出, 社会保障和就业支出) or its
   three-digit code: a filter on the answer's ``code`` column;
4. the **question words** each canned question lists in its header (``# ask@zh`` / ``# ask@en``,
   :class:`~budgetkg.query.questions.Question.keywords`): each question scores the characters its
   words cover, the highest wins, the others are offered as alternatives;
5. what is left, cut at particles (的, punctuation) and stripped of filler words (哪些, 各, 部门 …), is
   read as a **part of a department name**: contained in a store label (组织部), or its characters in
   order in one label ending alike (人社局 → 人力资源和社会保障局, 水磨沟区政府办公室 →
   乌鲁木齐市水磨沟区人民政府办公室); a name-like part that fits no label is reported with the
   nearest names, never silently dropped.

The reading is returned, not run: the caller prints how the question was understood before its
answer, so a misunderstanding is seen at once.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from budgetkg.model.codes import code_list
from budgetkg.query.questions import Answer, Question, list_questions
from budgetkg.text.matching import nearest_names
from budgetkg.text.names import search_form

_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年度|年)?(?!\d)")
_CODE_RE = re.compile(r"(?<!\d)(2\d{2})(?:类)?(?!\d)")
#: Where a question's leftover text is cut: particles and punctuation that no department name holds.
_CUT_RE = re.compile(r"[的之，,。？?！!、；;：:\s“”\"'（）()a-z]+")
#: Words around a department's name that are not part of it, stripped from a part's ends.
_FILLER = ("有哪些", "哪些", "哪个", "什么", "多少", "所有", "全部", "各个", "各", "请问", "我想", "看看", "查询",
           "显示", "列出", "部门", "单位", "情况", "年度", "年", "最多", "最大", "最高", "最少", "排名", "支出", "收入",
           "经费", "预算", "决算", "本年", "上年", "今年", "有", "是", "了", "吗", "呢", "中", "里", "在", "比", "费")
#: Splitting a part that fits no name whole: names joined by 和 / 与 / 及 / 跟 (对比组织部和人社局).
_JOIN_RE = re.compile(r"[和与及跟]")
#: The last characters of an organisation's name (局, 委员会 → 会, 办公室 → 室 …): a part ending in one
#: is a department the user means, and an unknown one is said so.
_ORG_END = set("局部委办室院所站心会厅处馆队校司社团署庭")


@dataclass(frozen=True)
class Understanding:
    """How a typed question was read: the canned question, its filters and what was left over."""

    text: str
    question: str | None
    #: the department filter as the questions take it (a part of a name, in search form; names
    #: comma-separated for a question over several departments)
    department: str | None = None
    #: the store's names the department filter selects (for saying how it was understood)
    departments: tuple[str, ...] = ()
    year: int | None = None
    code: str | None = None
    code_name: str | None = None
    #: other questions the words fit too, best first
    alternatives: tuple[str, ...] = ()
    #: a name-like part that matches no department of the store, and the store's nearest names
    unknown_department: str | None = None
    nearest: tuple[str, ...] = ()
    ignored: tuple[str, ...] = field(default=())

    @property
    def sure(self) -> bool:
        """True when one question fits best and every name-like part names a department."""
        return self.question is not None and self.unknown_department is None

    def filters(self) -> dict[str, object]:
        """The canned question's parameters."""
        return {"department": self.department, "year": self.year}


class _Text:
    """The question's text with the characters already understood masked out."""

    def __init__(self, text: str):
        self.s = text
        self.free = [True] * len(text)

    def take(self, needle: str) -> bool:
        """Mask every free occurrence of ``needle``; True when there was one."""
        found, start = False, 0
        while needle and (i := self.s.find(needle, start)) >= 0:
            if all(self.free[i:i + len(needle)]):
                self.free[i:i + len(needle)] = [False] * len(needle)
                found = True
            start = i + 1
        return found

    def take_span(self, start: int, end: int) -> None:
        self.free[start:end] = [False] * (end - start)

    def is_free(self, start: int, end: int) -> bool:
        return all(self.free[start:end])

    def parts(self) -> list[str]:
        """The free text, cut where something was understood and at particles."""
        runs, cur = [], []
        for ch, free in zip(self.s, self.free, strict=True):
            if free:
                cur.append(ch)
            elif cur:
                runs.append("".join(cur))
                cur = []
        if cur:
            runs.append("".join(cur))
        return [p for run in runs for p in _CUT_RE.split(run) if p]


def understand(text: str, labels: Iterable[str], questions: Sequence[Question] | None = None) -> Understanding:
    """Read ``text`` as one of ``questions`` (default: the canned ones) with its filters;
    ``labels`` are the store's department search labels (search form)."""
    questions = list(questions) if questions is not None else list_questions()
    label_list = sorted(set(labels), key=lambda label: (-len(label), label))  # longest first, then a fixed order
    t = _Text(search_form(unicodedata.normalize("NFKC", text)))
    departments = [label for label in label_list if len(label) >= 3 and t.take(label)]
    year = _year(t)
    code, code_name = _class(t)
    ranked = _rank_questions(t, questions)
    question = ranked[0] if ranked else ("functional" if code else None)
    q = next((x for x in questions if x.name == question), None)
    filter_texts = list(departments)
    unknown: str | None = None
    nearest: tuple[str, ...] = ()
    ignored: list[str] = []
    for part in (_strip_filler(p) for p in t.parts()):
        if len(part) < 2:
            continue
        found = _department_part(part, label_list)
        if found:
            filter_texts.extend(found)
        elif part[-1] in _ORG_END and unknown is None:
            unknown, nearest = part, tuple(nearest_names(part, label_list))
        else:
            ignored.append(part)
    department = None
    if filter_texts:
        many = q is not None and q.department_list
        department = ",".join(dict.fromkeys(filter_texts)) if many else filter_texts[0]
    matched = tuple(label for label in label_list
                    if department and any(d in label for d in department.split(",")))
    return Understanding(text=text, question=question, department=department, departments=matched[:6],
                         year=year, code=code, code_name=code_name, alternatives=tuple(ranked[1:4]),
                         unknown_department=unknown, nearest=nearest, ignored=tuple(ignored))


def _year(t: _Text) -> int | None:
    for m in _YEAR_RE.finditer(t.s):
        if t.is_free(*m.span()):
            t.take_span(*m.span())
            return int(m.group(1))
    return None


def _class(t: _Text) -> tuple[str | None, str | None]:
    """A 类 of the functional classification named in the text (its full name, or its code)."""
    codes = code_list("functional")
    names = sorted(((search_form(n), c) for c in codes.names if len(c) == 3 for n in codes.labels(c)),
                   key=lambda nc: len(nc[0]), reverse=True)
    for name, code in names:
        if len(name) >= 4 and t.take(name):
            return code, codes.name(code)
    for m in _CODE_RE.finditer(t.s):
        if t.is_free(*m.span()) and codes.name(m.group(1)):
            t.take_span(*m.span())
            return m.group(1), codes.name(m.group(1))
    return None, None


def _rank_questions(t: _Text, questions: Sequence[Question]) -> list[str]:
    """Question names by the characters their words cover, best first; of two that cover as many,
    the one with fewer words (the general question: a specific one — indicator shortfalls beside
    indicators — needs its own words to win). Every question word found is masked so that it is
    not read as a department."""
    scores: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    for q in questions:
        score = 0
        taken = list(t.free)
        for word in sorted((search_form(w) for w in q.keywords), key=len, reverse=True):
            start = 0
            while word and (i := t.s.find(word, start)) >= 0:
                if all(taken[i:i + len(word)]):
                    taken[i:i + len(word)] = [False] * len(word)
                    score += len(word)
                    spans.append((i, i + len(word)))
                start = i + 1
        if score:
            scores[q.name] = score
    for start, end in spans:
        t.take_span(start, end)
    size = {q.name: len(q.keywords) for q in questions}
    return sorted(scores, key=lambda name: (-scores[name], size[name]))


def _strip_filler(part: str) -> str:
    """``part`` without filler words at its ends (各部门 → '', 哪些项目 → 项目 …)."""
    changed = True
    while changed and part:
        changed = False
        for word in _FILLER:
            if part.startswith(word):
                part, changed = part[len(word):], True
            if part.endswith(word):
                part, changed = part[:-len(word)], True
    return part


def _department_part(part: str, labels: Sequence[str]) -> list[str] | None:
    """The department filter a part of a name gives: the part itself when a store label holds it;
    else the one label (or the best of several) holding its characters in order and ending alike.
    A part that is more than a name (组织部引用) is then tried by its pieces that end like a name
    (组织部), longest first; names joined by 和 / 与 (组织部和人社局) give one filter each."""
    if _JOIN_RE.search(part) and not _names_whole(part, labels):
        joined = [_department_part(_strip_filler(p), labels) for p in _JOIN_RE.split(part) if len(p) >= 2]
        if joined and all(joined):
            return [f for piece in joined for f in piece]  # type: ignore[union-attr]
    pieces = sorted({part[i:j] for j in range(2, len(part) + 1) if part[j - 1] in _ORG_END
                     for i in range(j - 1)} - {part}, key=len, reverse=True)
    for group in ([part], [p for p in pieces if len(p) >= 3]):
        for piece in group:
            if any(piece in label for label in labels):
                return [piece]
        for piece in (p for p in group if len(p) >= 3):  # fewer characters in order prove nothing
            fits = [label for label in labels if label[-1] == piece[-1] and _in_order(piece, label)]
            if fits:
                return nearest_names(piece, fits, 1, floor=Decimal(0))
    return None


def _names_whole(part: str, labels: Sequence[str]) -> bool:
    """True when ``part`` as a whole is in a label or spelled in order in one ending alike."""
    return any(part in label or (label[-1] == part[-1] and _in_order(part, label)) for label in labels)


def _in_order(part: str, label: str) -> bool:
    it = iter(label)
    return all(ch in it for ch in part)


def filter_code(answer: Answer, code: str | None) -> Answer:
    """The rows of an answer whose ``code`` column is ``code`` or one of its 款/项 (an answer
    without a code column is returned as it is)."""
    if not code or "code" not in answer.columns:
        return answer
    i = answer.columns.index("code")
    return Answer(answer.columns, tuple(r for r in answer.rows if r[i].startswith(code)))


def store_labels(store) -> list[str]:
    """The distinct department search labels of the reports in ``store``: from its label index
    (:mod:`budgetkg.load.label_index`, synced first if the store was written since), or one scan of
    one property of a store without one."""
    from budgetkg.load.label_index import all_labels, in_step
    from budgetkg.query.questions import LOOKUP_COLUMN, labels_query, run_query
    path = in_step(store)
    if path is not None:
        return all_labels(path)
    return [sol[LOOKUP_COLUMN].value for sol in run_query(store, labels_query(), guard=False)]


def ask_text(store, text: str, **overrides) -> tuple[Understanding, Answer]:
    """Understand ``text`` over the store's departments and answer it; ``overrides`` (department,
    year) given explicitly win over what the text says. Raises QueryError when no question fits or
    a name-like part names no department of the store (with the nearest names)."""
    from budgetkg.errors import QueryError
    from budgetkg.query.questions import ask

    reading = understand(text, store_labels(store))
    if reading.question is None:
        about = reading.department or ""
        raise QueryError(f"could not tell which question this asks: {text!r}",
                         hint=f"name a subject, e.g. \"{about}三公经费\", \"{about}项目支出\", "
                              f"\"{about}历年收支\", \"{about}绩效指标\"; every question: `budgetkg questions`")
    if reading.unknown_department and not overrides.get("department"):
        raise QueryError(f"no department in the store matches {reading.unknown_department!r}",
                         hint=("nearest: " + ", ".join(reading.nearest)) if reading.nearest else
                         "`budgetkg ask reports` lists the stored departments")
    params = {**reading.filters(), **{k: v for k, v in overrides.items() if v is not None}}
    return reading, filter_code(ask(store, reading.question, **params), reading.code)


def describe(reading: Understanding, zh: bool = False) -> str:
    """One line saying how the question was understood (printed before its answer)."""
    from budgetkg.query.questions import get_question

    q = get_question(reading.question) if reading.question else None
    parts = [f"{q.name}（{q.title_zh}）" if zh else f"{q.name} ({q.title_en})"] if q else []
    if reading.department:
        shown = [d for d in reading.departments if d != reading.department]
        names = "、".join(shown[:3]) if zh else ", ".join(shown[:3])
        more = len(shown) > 3
        parts.append((f"部门：{reading.department}" + (f"（{names}{'等' if more else ''}）" if names else ""))
                     if zh else (f"department: {reading.department}"
                                 + (f" ({names}{', …' if more else ''})" if names else "")))
    if reading.year:
        parts.append(f"年度：{reading.year}" if zh else f"year: {reading.year}")
    if reading.code:
        parts.append(f"类：{reading.code} {reading.code_name}" if zh else f"class: {reading.code} {reading.code_name}")
    line = ("理解为：" if zh else "understood as: ") + (" · ".join(parts) or "?")
    if reading.alternatives:
        line += ("；也可能是：" if zh else "; or perhaps: ") + ", ".join(reading.alternatives)
    if reading.ignored:
        line += ("；未用到：" if zh else "; not used: ") + "、".join(reading.ignored)
    return line
