"""English is available everywhere users read text: the catalog at platform/locale/en is complete
(every msgid translated, nothing fuzzy), up to date with the code, and served on request
(Accept-Language or the /i18n/setlang/ view) while Indonesian stays the default."""

from __future__ import annotations

import ast
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from tests.fixtures.graphql import host_of, login

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("platform", "tenants", "federation", "graphql")
CATALOG = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
ENTRY_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def parse_po(text: str) -> list[dict]:
    """Entries of a PO file: msgctxt, msgid, msgid_plural, msgstr (list), flags (set).
    The header (empty msgid) and obsolete (``#~``) entries are left out."""
    entries = []
    for block in text.split("\n\n"):
        entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": [], "flags": set()}
        field = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if field == "msgstr":
                    entry["msgstr"][-1] += value
                else:
                    entry[field] += value
            else:
                match = ENTRY_LINE.match(line)
                assert match, f"unreadable PO line: {line!r}"
                key, value = match.group(1), ast.literal_eval(match.group(2))
                if key.startswith("msgstr"):
                    field = "msgstr"
                    entry["msgstr"].append(value)
                else:
                    field = key
                    entry[key] = value
        if entry["msgid"]:
            entries.append(entry)
    return entries


def keys(entries: list[dict]) -> set[tuple]:
    return {(e["msgctxt"], e["msgid"], e["msgid_plural"]) for e in entries}


PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%%|\{[a-z_]*\}")


def test_every_message_is_translated_and_none_is_fuzzy():
    # given
    entries = parse_po(CATALOG.read_text(encoding="utf-8"))
    # then
    assert len(entries) > 600
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    untranslated = [
        e["msgid"] for e in entries if not e["msgstr"] or any(not s.strip() for s in e["msgstr"])
    ]
    assert untranslated == []
    plurals_short = [e["msgid"] for e in entries if e["msgid_plural"] and len(e["msgstr"]) != 2]
    assert plurals_short == []
    placeholders_lost = [
        e["msgid"]
        for e in entries
        for s in e["msgstr"]
        if sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(e["msgid"]))
    ]
    assert placeholders_lost == []


def test_compiled_catalog_is_committed_next_to_the_source():
    mo = CATALOG.with_suffix(".mo")
    assert mo.is_file()
    assert mo.stat().st_size > 10_000


def test_catalog_is_up_to_date_with_the_code(tmp_path, monkeypatch):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("xgettext (gettext) is required in CI to check the catalog")
        pytest.skip("xgettext is not installed (apt-get install gettext)")
    # given: a copy of the code with no catalog, the way makemessages sees the repository
    for name in CODE_DIRS:
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "locale")
        )
    locale = tmp_path / "platform" / "locale"
    monkeypatch.chdir(tmp_path)
    # when
    with override_settings(LOCALE_PATHS=[locale]):
        call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    # then
    fresh = keys(parse_po((locale / "en" / "LC_MESSAGES" / "django.po").read_text("utf-8")))
    committed = keys(parse_po(CATALOG.read_text(encoding="utf-8")))
    regenerate = (
        ".venv/bin/sokoguru makemessages -l en --ignore=.venv --ignore=.sokoguru "
        "--ignore=tests --ignore=build --no-obsolete, translate, then compilemessages"
    )
    assert sorted(fresh - committed, key=str) == [], f"untranslated new messages: {regenerate}"
    assert sorted(committed - fresh, key=str) == [], f"stale messages: {regenerate}"


def test_cooperative_admin_is_indonesian_by_default_and_english_on_request(make_user, coop_a):
    # given
    user = make_user(roles={coop_a: "ketua"})
    client = Client()
    login(client, user, coop_a)
    # when
    # (a browser asking for English still gets Indonesian on a cooperative's host; English is
    # the person's explicit choice, the language switch's cookie)
    indonesian = client.get(
        "/admin/", HTTP_HOST=host_of(coop_a), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/admin/", HTTP_HOST=host_of(coop_a)).content.decode()
    connection.set_schema_to_public()
    # then
    assert ">Anggota<" in indonesian
    assert ">Bagan akun<" in indonesian
    assert ">Members<" not in indonesian
    assert ">Members<" in english
    assert ">Chart of accounts<" in english
    assert ">Anggota<" not in english
    assert '<html lang="en"' in english


def test_dashboard_login_page_in_english_on_request(db):
    # given
    client = Client()
    # when
    indonesian = client.get("/login/", HTTP_HOST=host_of()).content.decode()
    english = client.get("/login/", HTTP_HOST=host_of(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then
    assert "Kata sandi" in indonesian
    assert '<html lang="id">' in indonesian
    assert "Password" in english
    assert "Cooperative oversight dashboard" in english
    assert "Sokoguru · Federation" in english
    assert "Kata sandi" not in english
    assert '<html lang="en">' in english


def test_set_language_view_switches_the_dashboard_to_english(db):
    # given
    client = Client()
    # when
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/login/"}, HTTP_HOST=host_of()
    )
    page = client.get("/login/", HTTP_HOST=host_of()).content.decode()
    # then
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert "Log in" in page
    assert "Masuk" not in page
