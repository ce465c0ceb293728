"""Client-side filter forms: labelled selects that narrow a list of cards.

The form is hidden until the script shows it, so a reader without JavaScript
sees the full list and no control that does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from macros.i18n.catalogue import Plural
from macros.render.html import element, escape


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


def filter_form(list_id: str, legend: str, filters: Sequence[Filter], reset_label: str,
                count: Plural, count_now: str, empty_message: str) -> str:
    """`count`: the forms of "{shown} of {total} shown", of which the script fills in the
    one the page language's plural rules (`Intl.PluralRules`: CLDR's, as Babel's) give
    for the number `count.by` names (`other` for a category without a form of its own);
    `count_now`: the message with every card shown, for a reader without JavaScript."""
    controls = []
    for flt in filters:
        control_id = f"{list_id}-{flt.key}"
        options = element("option", escape(flt.any_label), value="") + "".join(
            element("option", escape(label), value=value) for value, label in flt.options
        )
        controls.append(element(
            "div",
            element("label", escape(flt.label), for_=control_id)
            + element("select", options, id=control_id, data_filter=flt.key,
                      data_match=flt.match),
            class_="rk-filter",
        ))
    form = element(
        "form",
        "".join(controls) + element("button", escape(reset_label), type="reset",
                                    class_="md-button"),
        class_="rk-filters", data_rk_filter=list_id, aria_label=legend, hidden=True,
    )
    forms = {f"data_template_{category}": template
             for category, template in count.forms.items() if category != "other"}
    status = element("p", escape(count_now),
                     class_="rk-filter-count", id=f"{list_id}-count", role="status",
                     data_template=count.forms["other"], data_plural_by=count.by, **forms)
    empty = element("p", escape(empty_message), class_="rk-filter-empty",
                    id=f"{list_id}-empty", hidden=True)
    return form + status + empty
