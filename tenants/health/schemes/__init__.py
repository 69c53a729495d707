"""Health assessment schemes as data, and their registry.

A scheme is a list of aspects; an aspect either holds ratios (each a numerator and a denominator
named from ``figures.FIGURES``, a weight and a scoring table) or a questionnaire (questions
grouped in components, each component with its weight). The scoring engine (``scoring.py``)
knows nothing of a particular regulation: a second scheme (Permenkop 9/2020: tata kelola, profil
risiko, kinerja keuangan, permodalan) is one more module registered in ``SCHEMES``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

# Row bounds: ``closed="upper"`` rows match lower < x <= upper; ``closed="lower"`` rows match
# lower <= x < upper. ``None`` is unbounded.


@dataclass(frozen=True)
class Row:
    lower: Decimal | None
    upper: Decimal | None
    value: Decimal


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    closed: str = "upper"

    def __post_init__(self):
        if self.closed not in ("upper", "lower"):
            raise ValueError(f"closed must be 'upper' or 'lower', not {self.closed!r}")

    def label(self, row: Row) -> str:
        lo, hi = row.lower, row.upper
        lo_op, hi_op = ("<", "≤") if self.closed == "upper" else ("≤", "<")
        if lo is None:
            return f"x {hi_op} {_pct(hi)}"
        if hi is None:
            return f"x {'>' if self.closed == 'upper' else '≥'} {_pct(lo)}"
        return f"{_pct(lo)} {lo_op} x {hi_op} {_pct(hi)}"

    def match(self, x: Decimal) -> Row:
        for row in self.rows:
            if self.closed == "upper":
                ok = (row.lower is None or x > row.lower) and (row.upper is None or x <= row.upper)
            else:
                ok = (row.lower is None or x >= row.lower) and (row.upper is None or x < row.upper)
            if ok:
                return row
        raise ValueError(f"No table row for {x}")


def _pct(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    return text.replace(".", ",") + "%"


def table(closed: str, *rows: tuple) -> Table:
    return Table(
        rows=tuple(
            Row(
                lower=None if lo is None else Decimal(str(lo)),
                upper=None if hi is None else Decimal(str(hi)),
                value=Decimal(str(v)),
            )
            for lo, hi, v in rows
        ),
        closed=closed,
    )


@dataclass(frozen=True)
class Ratio:
    code: str
    title: str
    formula: str
    numerator: str
    denominator: str
    weight: Decimal
    table: Table
    # The value (0–100) when the denominator is zero, and why.
    empty_value: Decimal = Decimal("0")
    empty_note: str = ""
    note: str = ""


@dataclass(frozen=True)
class Question:
    code: str
    text: str


@dataclass(frozen=True)
class Component:
    code: str
    title: str
    weight: Decimal
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Aspect:
    code: str
    title: str
    weight: Decimal
    ratios: tuple[Ratio, ...] = ()
    components: tuple[Component, ...] = ()

    @property
    def is_questionnaire(self) -> bool:
        return bool(self.components)


@dataclass(frozen=True)
class Band:
    code: str
    minimum: Decimal


@dataclass(frozen=True)
class Scheme:
    code: str
    version: str
    title: str
    source: str
    aspects: tuple[Aspect, ...]
    bands: tuple[Band, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def band_for(self, score: Decimal) -> str:
        for band in sorted(self.bands, key=lambda b: b.minimum, reverse=True):
            if score >= band.minimum:
                return band.code
        return self.bands[-1].code

    def questions(self) -> dict[str, Question]:
        return {q.code: q for a in self.aspects for c in a.components for q in c.questions}

    def aspect(self, code: str) -> Aspect:
        for aspect in self.aspects:
            if aspect.code == code:
                return aspect
        raise KeyError(code)


def _registry() -> dict[str, Scheme]:
    from sokoguru.tenants.health.schemes import kemenkop_2016

    return {s.code: s for s in (kemenkop_2016.SCHEME,)}


SCHEMES = _registry()
DEFAULT_SCHEME = "kemenkop-06-2016"


def scheme_get(code: str | None = None) -> Scheme:
    try:
        return SCHEMES[code or DEFAULT_SCHEME]
    except KeyError:
        raise ValidationError(
            {"scheme": f"Skema penilaian tidak dikenal: {code!r}. / Unknown scheme."}
        ) from None
