"""Joining plans and places: where in Brussels can a plan be built?"""

from __future__ import annotations

from dataclasses import dataclass

from macros.model.site import KitEntry, PlanEntry


@dataclass(frozen=True)
class PlaceMatch:
    """A place and which of a plan's tools it has or lacks."""

    place: KitEntry
    available: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def places_for(plan: PlanEntry, places: tuple[KitEntry, ...]) -> list[PlaceMatch]:
    """Places having at least one needed tool (all places if none is needed),
    those that cover every tool first, then by number of tools covered, then by title."""
    needed = plan.plan.tools
    matches = []
    for place in places:
        machines = set(place.meta.machines)
        available = tuple(tool for tool in needed if tool in machines)
        if needed and not available:
            continue
        missing = tuple(tool for tool in needed if tool not in machines)
        matches.append(PlaceMatch(place, available, missing))
    matches.sort(key=lambda m: (len(m.missing), -len(m.available), m.place.meta.title.casefold()))
    return matches


def plans_for(place: KitEntry, plans: tuple[PlanEntry, ...]) -> list[PlanEntry]:
    """Plans whose every tool is available at `place`."""
    machines = set(place.meta.machines)
    return [entry for entry in plans if set(entry.plan.tools) <= machines]
