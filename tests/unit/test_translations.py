"""The Azerbaijani and Russian catalogues translate every interface string of the
current code, keep its placeholders and markup, and compile."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "portal" / "translations"
LANGUAGES = ("az", "ru")
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|%[sd%]")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None}
KEYWORDS |= {"ngettext": (1, 2), "lazy_ngettext": (1, 2)}


def catalogue(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=language)


@pytest.fixture(scope="module")
def interface_strings() -> set[str]:
    """Every string the code and templates mark for translation, as extracted now."""
    found = set()
    for folder, method in (("portal", "python"), ("templates", "jinja2")):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder,
            method_map=[("**.py" if method == "python" else "**.html", method)],
            keywords=KEYWORDS,
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_string_is_translated(language, interface_strings):
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalogue(language)
        if m.id
        and not m.fuzzy
        and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    missing = sorted(interface_strings - translated)
    assert not missing, f"run `make messages` and translate: {missing[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_markup(language):
    problems = []
    for m in catalogue(language):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set(PLACEHOLDER.findall(ids[0])) | set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            used = set(PLACEHOLDER.findall(text))
            if (used != wanted) if len(ids) == 1 else not used <= wanted:
                problems.append((ids[0], text))
            if sorted(TAG.findall(text)) != sorted(TAG.findall(ids[0])):
                problems.append((ids[0], text))
    assert not problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_compiles(language):
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(language))
    assert len(compiled.getvalue()) > 10_000
