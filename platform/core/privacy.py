"""Personal data (UU 27/2022): NIK, phone and address shown in full only where needed; masked in
lists, exports, logs and error messages. One home for the masking rules."""

from __future__ import annotations


def mask_nik(nik: str | None) -> str:
    """``3275035204850001`` → ``3275************``: the region code (first 4) stays."""
    value = (nik or "").strip()
    if not value:
        return ""
    return value[:4] + "*" * max(len(value) - 4, 0)


def mask_phone(phone: str | None) -> str:
    """``081234567890`` → ``0812****7890``-style: the operator prefix and last 3 digits stay."""
    value = (phone or "").strip()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 7) + value[-3:]


def mask_address(address: str | None) -> str:
    """Only the first word (street name kind) stays: ``Jl. Mawar 12`` → ``Jl. ***``."""
    value = (address or "").strip()
    if not value:
        return ""
    head = value.split()[0]
    return f"{head} ***"
