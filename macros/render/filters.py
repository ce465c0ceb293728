"""Client-side filter forms: labelled selects that narrow a list of cards.

The form is hidden until the script shows it, so a reader without JavaScript
sees the full list and no control that does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from macros.i18n.catalogue import Plural
from macros.render.html import attrs, element, escape


@dataclass(frozen=True)
class Filter:
    """One select: `key` matches the cards' `data-<key>` attribute.

    `match` is `contains` (space-separated values), `equals`, or `max` (numbers).
    """

    key: str
    label: str
    any_label: str
    options: Sequence[tuple[str, str]]
    match: str = "contains"


@dataclass(frozen=True)
class Sort:
    """A sort select: each option's value names the cards' `data-<value>` attribute it
    sorts on (`name`: the card's title); `descending` lists the options sorted newest
    or largest first."""

    label: str
    options: Sequence[tuple[str, str]]
    descending: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Extras:
    """What the plan catalogue adds to its filters: a search over the cards' title and
    summary, a sort, and the panel (`<details>`) the controls fold into on a phone."""

    search_label: str
    sort: Sort
    panel_label: str


def filter_form(list_id: str, legend: str, filters: Sequence[Filter],
                buttons: tuple[str, str], count: Plural, count_now: str, empty_message: str,
                extras: Extras | None = None) -> str:
    """`count`: the forms of "{shown} of {total} shown", of which the script fills in the
    one the page language's plural rules (`Intl.PluralRules`: CLDR's, as Babel's) give
    for the number `count.by` names (`other` for a category without a form of its own);
    `count_now`: the message with every card shown, for a reader without JavaScript.
    Each control's `name` is its key in the address's query string. `buttons`: the
    labels of the submit button, which applies the filters (the script also applies
    each change as it is made, but a form needs a way to submit it that does not
    depend on a change of a control, H32), and of the reset button."""
    controls = [_search(list_id, extras.search_label)] if extras else []
    for flt in filters:
        control_id = f"{list_id}-{flt.key}"
        options = element("option", escape(flt.any_label), value="") + "".join(
            element("option", escape(label), value=value) for value, label in flt.options
        )
        controls.append(element(
            "div",
            element("label", escape(flt.label), for_=control_id)
            + element("select", options, id=control_id, name_=flt.key, data_filter=flt.key,
                      data_match=flt.match),
            class_="rk-filter",
        ))
    if extras:
        controls.append(_sort(list_id, extras.sort))
    apply_label, reset_label = buttons
    inner = ("".join(controls)
             + element("button", escape(apply_label), type="submit",
                       class_="md-button md-button--primary")
             + element("button", escape(reset_label), type="reset", class_="md-button"))
    if extras:
        inner = element("details", element("summary", escape(extras.panel_label))
                        + element("div", inner, class_="rk-filter-controls"),
                        class_="rk-filter-panel")
    form = element("form", inner, class_="rk-filters", data_rk_filter=list_id,
                   aria_label=legend, hidden=True)
    forms = {f"data_template_{category}": template
             for category, template in count.forms.items() if category != "other"}
    status = element("p", escape(count_now),
                     class_="rk-filter-count", id=f"{list_id}-count", role="status",
                     data_template=count.forms["other"], data_plural_by=count.by, **forms)
    empty = element("p", escape(empty_message), class_="rk-filter-empty",
                    id=f"{list_id}-empty", hidden=True)
    return form + status + empty


def _search(list_id: str, label: str) -> str:
    control_id = f"{list_id}-q"
    field = f'<input{attrs(type="search", id=control_id, name="q", data_filter_text=True)}>'
    return element("div", element("label", escape(label), for_=control_id) + field,
                   class_="rk-filter rk-filter-search")


def _sort(list_id: str, sort: Sort) -> str:
    control_id = f"{list_id}-sort"
    options = "".join(element("option", escape(label), value=value,
                              data_descending=value in sort.descending)
                      for value, label in sort.options)
    return element("div", element("label", escape(sort.label), for_=control_id)
                   + element("select", options, id=control_id, name_="sort", data_sort=True),
                   class_="rk-filter rk-filter-sort")
