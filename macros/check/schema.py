"""Validating parsed YAML against a typed model, turning every error into a Problem.

Pydantic reports each error with a location tuple; the loader's line map turns it
into a line. Unknown fields are warnings (with a did-you-mean), not errors: they
are dropped and the rest is validated again, so a typo never hides other problems.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from macros.check.origins import url_scheme
from macros.i18n.catalogue import MessageError, Param, Text, text
from macros.load.yaml_lines import Loc, Located, dotted
from macros.model.common import WEB_ADDRESS_PATTERN
from macros.problems import Problem, Severity, problem
from macros.suggest import did_you_mean

M = TypeVar("M", bound=BaseModel)

# Tags of tagged unions in the models; they appear in error locations and are dropped.
UNION_TAGS = frozenset({"parts-list", "parts-csv"})

_PATTERN_HINTS = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "check.pattern.id",
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$": "check.pattern.version",
    r"\.svg$": "check.pattern.svg",
    WEB_ADDRESS_PATTERN: "check.pattern.url",
}
_BOUNDS = {"greater_than": ("check.greater_than", "gt"),
           "greater_than_equal": ("check.greater_than_equal", "ge"),
           "less_than": ("check.less_than", "lt"),
           "less_than_equal": ("check.less_than_equal", "le")}
"""Pydantic's bound errors: the message of each, and where its bound is."""
_KINDS = {
    **dict.fromkeys(("int_parsing", "int_type", "int_from_float"), "check.whole_number"),
    **dict.fromkeys(("float_parsing", "float_type", "finite_number"), "check.number"),
    **dict.fromkeys(("list_type", "tuple_type"), "check.list"),
    **dict.fromkeys(("model_type", "dict_type", "model_attributes_type"), "check.mapping"),
    **dict.fromkeys(("bool_type", "bool_parsing"), "check.boolean"),
}
"""Pydantic error kinds whose message only quotes the value given."""


def validate(model: type[M], located: Located) -> tuple[M | None, list[Problem]]:
    """Validate `located.data` as `model`; return the instance (if valid) and problems."""
    data = located.data
    if not isinstance(data, dict):
        given = text("check.given.empty_file") if data is None else _show(data)
        return None, [problem(located.path, located.first_line, "", "check.top_level",
                              given=given)]
    problems: list[Problem] = []
    data = _drop_unknown_fields(model, data, located, problems)
    try:
        instance = model.model_validate(data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, located))
        return None, problems
    found = non_finite_problems(instance, located)
    return (None if found else instance), problems + found


def validate_rows(
    adapter: TypeAdapter[Any], rows: Located
) -> tuple[Any, list[Problem]]:
    """Validate table rows (a CSV file); a problem names the row's line and the column."""
    try:
        validated = adapter.validate_python(rows.data)
    except ValidationError as exc:
        return None, problems_from(exc, rows, row_index=True)
    found = non_finite_problems(validated, rows, row_index=True)
    return (None if found else validated), found


def non_finite_problems(value: Any, located: Located, row_index: bool = False
                        ) -> list[Problem]:
    """`.inf` in YAML or `inf` in a CSV cell passes a `> 0` bound; no quantity, price or
    size is infinite, and a total or a drawing scale made from one would be nonsense."""
    return [problem(located.path, located.line_of(loc), dotted(loc[1:] if row_index else loc),
                    "check.not_finite", number=number)
            for loc, number in _floats_not_finite(value, ())]


def _floats_not_finite(value: Any, loc: Loc) -> Iterator[tuple[Loc, float]]:
    if isinstance(value, float) and not math.isfinite(value):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name, item in value:
            yield from _floats_not_finite(item, (*loc, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _floats_not_finite(item, (*loc, key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _floats_not_finite(item, (*loc, index))


def problems_from(exc: ValidationError, located: Located, row_index: bool = False
                  ) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(part for part in error["loc"] if part not in UNION_TAGS)
        field = dotted(loc[1:] if row_index else loc)
        problems.append(problem(located.path, located.line_of(loc), field,
                                message_for(error, loc)))
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for found in problems:
        if found not in seen:
            seen.add(found)
            out.append(found)
    return out


def message_for(error: ErrorDetails, loc: Loc) -> Text:
    """A message in a contributor's terms, saying what is wrong and how to fix it."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = _show(error.get("input"))
    name = next((part for part in reversed(loc) if isinstance(part, str)), "value")
    if kind == "missing":
        return text("check.missing_field", name=name)
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        return text("check.not_allowed", given=given, options=", ".join(options),
                    suggestion=did_you_mean(str(error.get("input")), options))
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        scheme = url_scheme(str(error.get("input")))
        if pattern == WEB_ADDRESS_PATTERN and scheme not in (None, "http", "https"):
            return text("check.url_scheme", given=given, scheme=scheme)
        hint = (text(_PATTERN_HINTS[pattern]) if pattern in _PATTERN_HINTS
                else text("check.pattern.other", pattern=pattern))
        return text("check.pattern", given=given, hint=hint)
    if kind in _BOUNDS:
        key, bound = _BOUNDS[kind]
        return text(key, bound=_number(ctx.get(bound)), given=given)
    if kind in _KINDS:
        return text(_KINDS[kind], given=given)
    if kind.startswith("date") or kind.startswith("datetime"):
        return text("check.date", given=given)
    if kind == "too_short":
        return text("check.too_short", count=ctx.get("min_length"))
    if kind == "string_too_short":
        return text("check.empty")
    if kind in {"string_type", "str_type"}:
        if isinstance(error.get("input"), (int, float)):
            return text("check.text_not_number", given=given)
        return text("check.text", given=given)
    if kind == "value_error" and isinstance(ctx.get("error"), MessageError):
        return text("check.value_error", error=ctx["error"].text, given=given)
    return text("check.other_error", error=error["msg"], given=given)


def _number(value: Any) -> Any:
    """`0.0` → `0`: bounds read as the author would write them."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _show(value: Any) -> Param:
    if isinstance(value, dict):
        return text("check.given.mapping")
    if isinstance(value, list):
        return text("check.given.list")
    if value is None:
        return text("check.given.nothing")
    shown = str(value)
    if len(shown) > 60:
        shown = shown[:57] + "…"
    return f"`{shown}`"


def _drop_unknown_fields(
    model: type[BaseModel], data: dict[str, Any], located: Located, problems: list[Problem]
) -> dict[str, Any]:
    """Copy of `data` without fields the model does not know, each reported as a warning."""
    schema = _schema(model)

    def walk(value: Any, node: dict[str, Any], loc: Loc) -> Any:
        node = _resolve(node, schema, value)
        if isinstance(value, dict) and "properties" in node:
            known = node["properties"]
            kept = {}
            for key, item in value.items():
                if key in known:
                    kept[key] = walk(item, known[key], (*loc, key))
                elif node.get("additionalProperties") is False:
                    problems.append(problem(
                        located.path, located.line_of((*loc, key)), dotted((*loc, key)),
                        "check.unknown_field", Severity.WARNING,
                        suggestion=did_you_mean(str(key), known)))
                else:
                    kept[key] = item
            return kept
        if isinstance(value, list) and "items" in node:
            return [walk(item, node["items"], (*loc, i)) for i, item in enumerate(value)]
        return value

    result: dict[str, Any] = walk(data, schema, ())
    return result


@functools.cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(mode="validation")


def _resolve(node: dict[str, Any], root: dict[str, Any], value: Any) -> dict[str, Any]:
    """Follow `$ref`s and pick the `anyOf` branch that matches the value's shape."""
    while True:
        if "$ref" in node:
            node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
            continue
        branches = node.get("anyOf") or node.get("oneOf")
        if branches:
            wanted = "object" if isinstance(value, dict) else "array" if isinstance(
                value, list) else None
            for branch in branches:
                target = branch
                if "$ref" in target:
                    target = root["$defs"][target["$ref"].rsplit("/", 1)[-1]]
                if wanted and target.get("type") == wanted:
                    node = target
                    break
            else:
                return node
            continue
        return node
