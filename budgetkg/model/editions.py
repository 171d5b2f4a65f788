"""Class names of the 支出功能分类 that an edition of the national 政府收支分类科目 renamed: a
report of year Y is drawn up under the edition of year Y, so a name an earlier edition retired
before Y is printed from an old template (210 医疗卫生与计划生育支出 in a 2026 budget).

Only renamings that can be cited are listed, each with its source. The 2019 edition
(财政部《2019年政府收支分类科目》, issued after the 2018 reform of the State Council's
ministries) renamed three classes; the corpus shows the change in one department's own series:
江苏省委办公厅's 2018 tables (2018年度部门预算公开表) print 文化体育与传媒支出, 医疗卫生与计划生育支出
and 国土海洋气象等支出, its 2019 tables (2019年度部门预算公开表格) 文化旅游体育与传媒支出, 卫生健康支出
and 自然资源海洋气象等支出 (likewise 江苏省人大常委会办公厅 2018 → 2019). A renaming the corpus does not
show for its year (215 资源勘探信息等支出 → 资源勘探工业信息等支出: still printed in 2019 reports of
two provinces) is left out until its edition is cited.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Renaming:
    """A code's name before and since the edition of year ``since``; ``stem`` is the part of the
    old name that no later name holds (matched with or without its 支出 and a （类） label)."""

    scheme: str
    code: str
    old: str
    new: str
    since: int
    source: str

    @property
    def stem(self) -> str:
        return self.old.removesuffix("支出")


_EDITION_2019 = "财政部《2019年政府收支分类科目》"

RENAMINGS: tuple[Renaming, ...] = (
    Renaming("functional", "207", "文化体育与传媒支出", "文化旅游体育与传媒支出", 2019, _EDITION_2019),
    Renaming("functional", "210", "医疗卫生与计划生育支出", "卫生健康支出", 2019, _EDITION_2019),
    Renaming("functional", "220", "国土海洋气象等支出", "自然资源海洋气象等支出", 2019, _EDITION_2019),
)


def retired_before(year: int) -> tuple[Renaming, ...]:
    """The renamings in force for a report of ``year``: their old names are out of date."""
    return tuple(r for r in RENAMINGS if r.since <= year)
