"""NIK (Nomor Induk Kependudukan) and Indonesian phone numbers.

A NIK has 16 digits: PP KK CC DDMMYY SSSS — province, regency/city, district (the region where
it was issued), date of birth (40 is added to the day for women) and a serial number."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from sokoguru.platform.tenancy.today import cooperative_today

# Kemendagri province codes in use in NIKs (Aceh 11 … Papua Barat Daya 96).
PROVINCE_CODES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

NIK_RE = re.compile(r"^\d{16}$")


@dataclass(frozen=True)
class NikInfo:
    nik: str
    province_code: str
    regency_code: str
    district_code: str
    birth_date: date
    female: bool
    serial: str

    @property
    def gender(self) -> str:
        return "P" if self.female else "L"

    @property
    def province(self) -> str:
        return PROVINCE_CODES[self.province_code]


def nik_parse(nik: str, *, today: date | None = None) -> NikInfo:
    """Parse and validate a NIK; ``ValidationError`` (code names the rule) when invalid."""
    value = (nik or "").strip()
    if not NIK_RE.match(value):
        raise ValidationError(
            "NIK harus 16 digit angka. / NIK must be 16 digits.", code="nik_length"
        )
    province, regency, district = value[0:2], value[2:4], value[4:6]
    if province not in PROVINCE_CODES:
        raise ValidationError(
            f"Kode provinsi NIK {province} tidak dikenal. / Unknown province code.",
            code="nik_region",
        )
    if regency == "00" or district == "00":
        raise ValidationError(
            "Kode kabupaten/kota dan kecamatan NIK tidak boleh 00. / Invalid region code.",
            code="nik_region",
        )
    day, month, year2 = int(value[6:8]), int(value[8:10]), int(value[10:12])
    female = day > 40
    if female:
        day -= 40
    today = today or cooperative_today()
    year = 2000 + year2 if 2000 + year2 <= today.year else 1900 + year2
    try:
        born = date(year, month, day)
    except ValueError:
        raise ValidationError(
            "Tanggal lahir dalam NIK tidak valid (untuk perempuan tanggal ditambah 40). / "
            "Invalid date of birth in NIK.",
            code="nik_birth_date",
        )
    if born > today:
        raise ValidationError(
            "Tanggal lahir dalam NIK ada di masa depan. / Date of birth is in the future.",
            code="nik_birth_future",
        )
    serial = value[12:16]
    if serial == "0000":
        raise ValidationError(
            "Nomor urut NIK tidak boleh 0000. / Invalid serial.", code="nik_serial"
        )
    return NikInfo(
        nik=value,
        province_code=province,
        regency_code=regency,
        district_code=district,
        birth_date=born,
        female=female,
        serial=serial,
    )


def nik_validator(value: str) -> None:
    if value:
        nik_parse(value)


_PHONE_STRIP = re.compile(r"[\s\-().]")


def phone_normalize(value: str) -> str:
    """Normalise an Indonesian phone number to +62…: "0812-3456-7890", "62812…", "+62 812…",
    "812…" and landlines such as "(061) 4567890" are accepted. Blank stays blank."""
    raw = (value or "").strip()
    if not raw:
        return ""
    digits = _PHONE_STRIP.sub("", raw)
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("62"):
            raise ValidationError(
                "Nomor telepon harus nomor Indonesia (+62). / Indonesian numbers only.",
                code="phone_country",
            )
    if not digits.isdigit():
        raise ValidationError(
            "Nomor telepon hanya boleh berisi angka. / Digits only.", code="phone_invalid"
        )
    if digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    if national.startswith("0"):
        national = national[1:]
    # Mobile 8xx (9–12 digits after the 8-prefix rule), landline area code 2–9 (8–11 digits).
    if not re.fullmatch(r"8[1-9]\d{7,10}|[2-79]\d{6,10}", national):
        raise ValidationError(
            "Nomor telepon tidak valid (contoh: 0812-3456-7890). / Invalid phone number.",
            code="phone_invalid",
        )
    return "+62" + national


def phone_validator(value: str) -> None:
    if value and phone_normalize(value) != value:
        raise ValidationError(
            "Nomor telepon harus dalam format +62… / Phone must be normalised to +62…",
            code="phone_format",
        )
