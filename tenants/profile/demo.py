from __future__ import annotations

from datetime import date

from sokoguru.platform.core.demo import DemoContext, for_each_cooperative
from sokoguru.tenants.profile.services import profile_update


def _seed_one(cooperative, ctx: DemoContext) -> None:
    rng = ctx.rng("profile", cooperative.slug)
    rw = cooperative.slug[-2:] if cooperative.slug.startswith("hj-rw") else ""
    profile_update(
        address=(
            f"Jl. Harapan Jaya Raya No. {rng.randint(1, 200)}, Bekasi Utara"
            if rw
            else f"Jl. Gatot Subroto No. {rng.randint(1, 300)}, Medan"
        ),
        rw=rw,
        rt=f"{rng.randint(1, 12):02d}" if rw else "",
        phone=f"+62812{rng.randint(10000000, 99999999)}",
        bank_name="Bank BJB" if rw else "Bank Sumut",
        bank_account=str(rng.randint(10**11, 10**12 - 1)),
        founded_on=date(2022 if rw else 2015, rng.randint(1, 12), 1),
    )


def seed(*, ctx: DemoContext) -> None:
    for_each_cooperative(ctx, _seed_one)
