"""Money input: every Indonesian form a person types is read exactly; every ambiguous form is
refused with a message naming the field — never an amount 100× what was meant."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.core.money import RupiahField, format_amount, format_rupiah, parse_rupiah

ACCEPTED = [
    ("50.000", "50000.00"),
    ("50000", "50000.00"),
    ("50.000,00", "50000.00"),
    ("50000,00", "50000.00"),
    ("Rp 50.000", "50000.00"),
    ("Rp50.000", "50000.00"),
    ("rp. 50.000", "50000.00"),
    ("Rp 50.000,00", "50000.00"),
    ("1.250.000,50", "1250000.50"),
    ("1250000,5", "1250000.50"),
    ("  75.500  ", "75500.00"),
    ("999", "999.00"),
    ("0", "0.00"),
    ("12.345.678.901", "12345678901.00"),
]

REFUSED = [
    "50,000",
    "50.00",
    "1.25",
    "50.0000",
    "50,000.00",
    "1,250.00",
    "1.250,000",
    "1.25.000",
    "-50.000",
    "Rp -50.000",
    "",
    "   ",
    "Rp",
    "50.000,123",
    "1e30",
    "1E5",
    "50 000",
    "lima puluh ribu",
    "NaN",
    "Infinity",
    "99.999.999.999.999.999",
]


@pytest.mark.parametrize(("typed", "expected"), ACCEPTED)
def test_every_accepted_form_is_read_exactly(typed, expected):
    # given / when
    amount = parse_rupiah(typed, field="Setoran sukarela")

    # then
    assert amount == Decimal(expected)
    assert amount.as_tuple().exponent == -2


@pytest.mark.parametrize("typed", REFUSED)
def test_every_ambiguous_form_is_refused_naming_the_field(typed):
    # given / when
    with pytest.raises(ValidationError) as refused:
        parse_rupiah(typed, field="Setoran sukarela")

    # then
    message = refused.value.messages[0]
    assert message.startswith("Setoran sukarela: ")
    assert "Traceback" not in message


def test_the_form_field_reads_indonesian_and_refuses_at_the_field():
    # given
    class Form(__import__("django").forms.Form):
        jumlah = RupiahField(label="Jumlah setoran", min_value=Decimal("1"))

    # when
    good = Form(data={"jumlah": "50.000,00"})
    bad = Form(data={"jumlah": "50,000"})
    zero = Form(data={"jumlah": "0"})

    # then
    assert good.is_valid() and good.cleaned_data["jumlah"] == Decimal("50000.00")
    assert not bad.is_valid() and bad.errors["jumlah"][0].startswith("Jumlah setoran: ")
    assert not zero.is_valid()


def test_shown_amounts_read_back_unchanged():
    # given
    amounts = [Decimal("50000.00"), Decimal("1250000.50"), Decimal("0.00"), Decimal("7")]

    # when / then
    for amount in amounts:
        shown = format_amount(amount, cents=amount != amount.to_integral_value())
        assert parse_rupiah(shown, field="x") == amount
        assert parse_rupiah(format_rupiah(amount, cents=True), field="x") == amount
