"""A line printed twice across a page break: the last line of a page repeated at the top of the next.

Reviewers find it in typeset reports: the page was cut and the cut line was pasted again on
the following page (``…单位预算安排购置车辆`` at the foot of page 7 and again at the head of page 8).
Only the report's own text lines are compared — page numbers are noise, and a line the report
prints on many pages (a running header such as the department's name) is left alone — and only
lines long enough to be a sentence's part, never a short label that may rightly recur.
"""
from __future__ import annotations

from collections import Counter
from itertools import pairwise

from budgetkg.check.context import CheckInput
from budgetkg.check.registry import Family, Severity, register
from budgetkg.segment.prose import NOISE_RE
from budgetkg.sources.document import Line
from budgetkg.text.names import squash

#: Fewer characters than this can rightly recur at a page's foot and the next one's head.
MIN_CHARS = 8
#: A line printed on this many pages is a running header or footer, not a slip.
RUNNING = 3


def _repeated(foot: str, head: str) -> bool:
    """The head of the next page repeats the foot line: the same text, or the foot line again
    with the rest of the sentence after it (the cut line pasted before its continuation)."""
    return len(foot) >= MIN_CHARS and (head == foot or head.startswith(foot))


@register("page-break-repeat", Family.SLIPS, Severity.WARNING, "跨页重复行", "Line repeated across a page break",
          "The last line of a page is not printed again at the top of the next page.")
def page_break_repeats(inp: CheckInput) -> None:
    lines: list[tuple[Line, str]] = [(ln, t) for ln in inp.segments.document.lines
                                     if ln.page is not None and not ln.is_row and (t := squash(ln.text))
                                     and not NOISE_RE.match(ln.text)]
    printed = Counter(t for _, t in lines)
    for (foot, a), (head, b) in pairwise(lines):
        if foot.page is not None and head.page == foot.page + 1 and printed[a] < RUNNING and _repeated(a, b):
            inp.add("page-break-repeat", f"the last line of page {foot.page} is printed again at the top of "
                    f"page {head.page}", f"第{foot.page}页末行在第{head.page}页开头重复",
                    line=head, quote=a[:60], found=a[:60])
