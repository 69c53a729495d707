"""The demo seed runner: idempotent steps named in settings.DEMO_STEPS."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils.module_loading import import_string

from sokoguru.platform.tenancy.context import cooperative_schema

DEMO_PASSWORD = "sokoguru-demo"


# How many RW cooperatives run the waste bank in the product in the demo.
WASTE_BANK_COOPERATIVES = 5


@dataclass
class DemoContext:
    today: date
    seed: int = 2026
    cooperatives: list = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (who, email, url)
    log: Callable[[str], None] = print

    def rng(self, *salt) -> random.Random:
        """A random generator that depends only on the seed and ``salt`` (re-runs repeat)."""
        return random.Random(f"{self.seed}:" + ":".join(str(s) for s in salt))

    def waste_bank_cooperatives(self) -> set[str]:
        """The RW cooperatives whose waste bank runs in the product (the first ones by slug);
        the others' waste-bank margin is in their hand-kept books (the ledger's history)."""
        rw = sorted(c.slug for c in self.cooperatives if c.kind == "primary_rw")
        return set(rw[:WASTE_BANK_COOPERATIVES])

    def login(self, who: str, email: str, url: str) -> None:
        if (who, email, url) not in self.logins:
            self.logins.append((who, email, url))


def for_each_cooperative(ctx: DemoContext, fn, *, kinds: set[str] | None = None) -> None:
    """Run ``fn(cooperative, ctx)`` inside each demo cooperative's schema."""
    for cooperative in ctx.cooperatives:
        if kinds and cooperative.kind not in kinds:
            continue
        with cooperative_schema(cooperative):
            fn(cooperative, ctx)


def run_demo_seed(ctx: DemoContext) -> DemoContext:
    for path in settings.DEMO_STEPS:
        ctx.log(f"· {path}")
        import_string(path)(ctx=ctx)
    return ctx
