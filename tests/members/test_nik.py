from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sokoguru.tenants.members.validators import nik_parse, phone_normalize


@pytest.mark.parametrize(
    ("nik", "born", "gender"),
    [
        ("3275031204850001", date(1985, 4, 12), "L"),  # Bekasi, man
        ("3275035204850002", date(1985, 4, 12), "P"),  # woman: day 12 + 40 = 52
        ("1271147101000003", date(2000, 1, 31), "P"),  # Medan, woman born 31-01-2000
        ("1101010101300004", date(1930, 1, 1), "L"),  # 30 → 1930
        ("9471010203990005", date(1999, 3, 2), "L"),  # Papua Tengah (94)
        ("9501014506010006", date(2001, 6, 5), "P"),  # Jayawijaya, Papua Pegunungan (95)
        ("9671011510920007", date(1992, 10, 15), "L"),  # Kota Sorong, Papua Barat Daya (96)
    ],
)
def test_valid_nik_gives_birth_date_and_gender(nik, born, gender):
    # when
    info = nik_parse(nik, today=date(2026, 11, 22))
    # then
    assert info.birth_date == born
    assert info.gender == gender


@pytest.mark.parametrize(
    ("nik", "province"),
    [
        ("9471010203990005", "Papua Tengah"),
        ("9501014506010006", "Papua Pegunungan"),
        ("9671011510920007", "Papua Barat Daya"),
    ],
)
def test_newest_papua_provinces_are_known(nik, province):
    assert nik_parse(nik, today=date(2026, 11, 22)).province == province


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("327503120485001", "nik_length"),  # 15 digits
        ("32750312048500011", "nik_length"),  # 17 digits
        ("32750312048500AB", "nik_length"),  # letters
        ("", "nik_length"),
        ("1075031204850001", "nik_region"),  # province 10 does not exist
        ("9775031204850001", "nik_region"),  # beyond the valid list (Papua Barat Daya 96)
        ("3200031204850001", "nik_region"),  # regency 00
        ("3275001204850001", "nik_region"),  # district 00
        ("3275033204850001", "nik_birth_date"),  # day 32
        ("3275033002850001", "nik_birth_date"),  # 30 February
        ("3275031213850001", "nik_birth_date"),  # month 13
        ("3275037204850001", "nik_birth_date"),  # woman, day 72 - 40 = 32
        ("3275032902850001", "nik_birth_date"),  # 29-02-1985 (not a leap year)
        ("3275031204850000", "nik_serial"),
    ],
)
def test_invalid_nik_is_refused_with_its_rule(nik, code):
    # when
    with pytest.raises(ValidationError) as excinfo:
        nik_parse(nik, today=date(2026, 11, 22))
    # then
    assert excinfo.value.code == code


def test_female_leap_day_is_valid():
    # given a woman born 29-02-1988: 29 + 40 = 69
    # when
    info = nik_parse("3275036902880001", today=date(2026, 11, 22))
    # then
    assert info.birth_date == date(1988, 2, 29)
    assert info.female is True


def test_birth_date_in_the_future_is_refused():
    # given a NIK whose date of birth is tomorrow
    tomorrow = timezone.localdate() + timedelta(days=1)
    if tomorrow.year != timezone.localdate().year:
        pytest.skip("tomorrow is next year: the two-digit year then reads as last century")
    nik = f"327503{tomorrow.day:02d}{tomorrow.month:02d}{tomorrow.year % 100:02d}0001"
    # when
    with pytest.raises(ValidationError) as excinfo:
        nik_parse(nik)
    # then
    assert excinfo.value.code == "nik_birth_future"


def test_future_birth_fixed_today():
    # given today 22-11-2026 and a NIK born 30-12-(20)26
    # when
    with pytest.raises(ValidationError) as excinfo:
        nik_parse("3275033012260001", today=date(2026, 11, 22))
    # then
    assert excinfo.value.code == "nik_birth_future"


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("081234567890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+62 (0)812 3456 789", "+628123456789"),
        ("81234567890", "+6281234567890"),
        ("(061) 4567890", "+62614567890"),
        ("021-5551234", "+62215551234"),
        ("", ""),
    ],
)
def test_phone_numbers_are_normalized_to_plus_62(raw, normalized):
    assert phone_normalize(raw) == normalized


@pytest.mark.parametrize("raw", ["+1 202 555 0101", "0812", "08123456789012345", "0812abc4567"])
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        phone_normalize(raw)
