"""A pybtex style whose bibliography labels are author–year, like the citations.

The bibliography page then reads "[Miller 2024]" and "[Recht et al. 2019]" instead of
numbers; entries are sorted by author, year and title. Same author and year get "a", "b".
"""

from __future__ import annotations

from collections import Counter

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle


def _base_label(entry) -> str:
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    year = entry.fields.get("year", "n.d.")
    if not persons:
        return f"{entry.fields.get('organization', entry.key)} {year}"
    names = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in persons]
    if len(names) > 2 or "others" in names:
        return f"{names[0]} et al. {year}"
    if len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    return f"{who} {year}"


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels "Surname Year", "A and B Year" or "A et al. Year", made unique with a, b."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        bases = [_base_label(e) for e in entries]
        counts = Counter(bases)
        seen: Counter = Counter()
        for base in bases:
            if counts[base] > 1:
                yield f"{base}{'abcdefghijklmnopqrstuvwxyz'[seen[base]]}"
                seen[base] += 1
            else:
                yield base


class AuthorYearStyle(UnsrtStyle):
    """The unsrt entry format with author–year labels, sorted by label and title."""

    default_label_style = "authoryear"
    default_sorting_style = "authoryear"


class AuthorYearSortingStyle(BaseSortingStyle):
    """Alphabetical by label (surname first, then year), then title."""

    def sorting_key(self, entry):
        return (_base_label(entry).lower(), entry.fields.get("title", ""))


register_plugin("pybtex.style.labels", "authoryear", AuthorYearLabelStyle)
register_plugin("pybtex.style.sorting", "authoryear", AuthorYearSortingStyle)
register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle)


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
