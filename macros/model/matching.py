"""Joining plans and places: where in Brussels can a plan be built?

A place lists the machines and skills it is known to have (`machines`, `skills`) and,
apart, those it probably has but nobody has confirmed (`machines_to_confirm`,
`skills_to_confirm`). For a plan, each needed machine and skill is therefore on site,
to confirm with the place, or not listed for it (to ask about too: the directory does
not publish any place's whole workshop).
"""

from __future__ import annotations

from dataclasses import dataclass

from macros.model.site import KitEntry, PlanEntry


@dataclass(frozen=True)
class Coverage:
    """Where a place stands on one kind of need (machines, or skills), in the plan's
    order."""

    has: tuple[str, ...]
    to_confirm: tuple[str, ...]
    unlisted: tuple[str, ...]


def coverage(needed: list[str], confirmed: list[str], to_confirm: list[str]) -> Coverage:
    return Coverage(tuple(n for n in needed if n in confirmed),
                    tuple(n for n in needed if n not in confirmed and n in to_confirm),
                    tuple(n for n in needed if n not in confirmed and n not in to_confirm))


@dataclass(frozen=True)
class PlaceMatch:
    """A place and how much of a plan's machines and skills it covers."""

    place: KitEntry
    machines: Coverage
    skills: Coverage

    @property
    def needed(self) -> int:
        return sum(len(c.has) + len(c.to_confirm) + len(c.unlisted)
                   for c in (self.machines, self.skills))

    @property
    def confirmed(self) -> int:
        """Needs the place is known to meet."""
        return len(self.machines.has) + len(self.skills.has)

    @property
    def likely(self) -> int:
        """Needs it meets or probably meets."""
        return self.confirmed + len(self.machines.to_confirm) + len(self.skills.to_confirm)

    @property
    def complete(self) -> bool:
        return self.confirmed == self.needed

    @property
    def buildable(self) -> bool:
        """Every machine the plan needs is at the place or to confirm with it: the plans
        a place's page lists, and the catalogue's "buildable at" filter (skills are
        people, who can come along; machines cannot)."""
        return not self.machines.unlisted


def match(plan: PlanEntry, place: KitEntry) -> PlaceMatch:
    meta, needs = place.meta, plan.plan
    return PlaceMatch(place,
                      coverage(needs.tools, meta.machines, meta.machines_to_confirm),
                      coverage(needs.skills, meta.skills, meta.skills_to_confirm))


def places_for(plan: PlanEntry, places: tuple[KitEntry, ...]) -> list[PlaceMatch]:
    """Every place, ranked for the plan: most needs met or probably met first (a place
    that probably has five of six machines is a better first call than one sure to have
    one), then most needs confirmed, then by title."""
    matches = [match(plan, place) for place in places]
    matches.sort(key=lambda m: (-m.likely, -m.confirmed, m.place.meta.title.casefold()))
    return matches


def places_to_build(plan: PlanEntry, places: tuple[KitEntry, ...]) -> list[KitEntry]:
    """The places where `plan` can be built, in the order its "where to build" ranks
    them."""
    return [m.place for m in places_for(plan, places) if m.buildable]


def plans_for(place: KitEntry, plans: tuple[PlanEntry, ...]) -> list[PlanEntry]:
    """Plans whose every machine is confirmed at `place`."""
    machines = set(place.meta.machines)
    return [entry for entry in plans if set(entry.plan.tools) <= machines]


def plans_once_confirmed(place: KitEntry, plans: tuple[PlanEntry, ...]) -> list[PlanEntry]:
    """Plans whose every machine is at `place` once its machines to confirm are: the
    plans to ask the place about."""
    machines = set(place.meta.machines)
    likely = machines | set(place.meta.machines_to_confirm)
    return [entry for entry in plans
            if set(entry.plan.tools) <= likely and not set(entry.plan.tools) <= machines]
