"""Apply a scheme (``schemes``) and the PEARLS lens (``pearls``) to the figures of a month end
(``figures``) and the management answers. Pure: no database access."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sokoguru.tenants.health import pearls
from sokoguru.tenants.health.figures import Figure
from sokoguru.tenants.health.schemes import Aspect, Ratio, Scheme

D = Decimal
HUNDRED = D("100")


def _q2(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def score_ratio(ratio: Ratio, figures: dict[str, Figure]) -> dict:
    numerator = figures[ratio.numerator]
    denominator = figures[ratio.denominator]
    value = pearls.percent(numerator.amount, denominator.amount)
    if value is None or denominator.amount < 0:
        value_points = ratio.empty_value
        row_label = ""
        note = str(ratio.empty_note)
        value = None
    else:
        row = ratio.table.match(value)
        value_points = row.value
        row_label = ratio.table.label(row)
        note = ""
    score = _q2(value_points * ratio.weight / HUNDRED)
    return {
        "code": ratio.code,
        "title": str(ratio.title),
        "formula": str(ratio.formula),
        "weight": str(ratio.weight),
        "ratio": None if value is None else str(value),
        "value": str(value_points),
        "score": str(score),
        "row": row_label,
        "table": [{"row": ratio.table.label(r), "value": str(r.value)} for r in ratio.table.rows],
        "empty_note": note,
        "note": str(ratio.note),
        "numerator": numerator.as_dict(),
        "denominator": denominator.as_dict(),
    }


def score_questionnaire(aspect: Aspect, answers: dict[str, bool]) -> list[dict]:
    out = []
    for component in aspect.components:
        yes = sum(1 for q in component.questions if answers.get(q.code) is True)
        total = len(component.questions)
        score = _q2(component.weight * yes / total)
        out.append(
            {
                "code": f"{aspect.code}.{component.code}",
                "title": str(component.title),
                "formula": f"{yes} / {total} × {component.weight}",
                "weight": str(component.weight),
                "ratio": None,
                "value": str(_q2(HUNDRED * yes / total)),
                "score": str(score),
                "row": "",
                "table": [],
                "empty_note": "",
                "note": "",
                "yes": yes,
                "questions": [
                    {"code": q.code, "text": str(q.text), "answer": answers.get(q.code)}
                    for q in component.questions
                ],
            }
        )
    return out


def evaluate(scheme: Scheme, figures: dict[str, Figure], answers: dict[str, bool]) -> dict:
    """{"total_score", "band", "aspect_scores", "aspects", "ratios", "pearls"} for one month."""
    aspects = []
    ratios = []
    total = D("0")
    for aspect in scheme.aspects:
        if aspect.is_questionnaire:
            rows = score_questionnaire(aspect, answers)
        else:
            rows = [score_ratio(r, figures) for r in aspect.ratios]
        for row in rows:
            row["aspect"] = aspect.code
        score = sum((D(r["score"]) for r in rows), D("0"))
        total += score
        aspects.append(
            {
                "code": aspect.code,
                "title": str(aspect.title),
                "weight": str(aspect.weight),
                "score": str(score),
            }
        )
        ratios.extend(rows)
    total = _q2(total)
    return {
        "total_score": total,
        "band": scheme.band_for(total),
        "aspect_scores": {a["code"]: a["score"] for a in aspects},
        "aspects": aspects,
        "ratios": ratios,
        "pearls": evaluate_pearls(figures),
    }


def evaluate_pearls(figures: dict[str, Figure]) -> list[dict]:
    out = []
    for ratio in pearls.RATIOS:
        numerator = figures[ratio.numerator]
        denominator = figures[ratio.denominator]
        value = pearls.percent(numerator.amount, denominator.amount, growth=ratio.growth)
        out.append(
            {
                "code": ratio.code,
                "title": str(ratio.title),
                "formula": str(ratio.formula),
                "goal": str(ratio.goal),
                "minimum": None if ratio.minimum is None else str(ratio.minimum),
                "maximum": None if ratio.maximum is None else str(ratio.maximum),
                "ratio": None if value is None else str(value),
                "met": ratio.met(value),
                "numerator": numerator.as_dict(),
                "denominator": denominator.as_dict(),
            }
        )
    return out
