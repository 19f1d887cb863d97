"""The package reader's safety rules without an app: YAML without anchors or aliases,
and zip members unpacked only within limits."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest

from portal.package import FileProblem, load_yaml, split_front_matter
from portal.package.archive import ArchiveRefused, ZipLimits, _copy, unpack_course_zip

PORTAL = Path(__file__).resolve().parents[2] / "portal"

# 436 bytes that expand to 10**7 list items when aliases are followed.
LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]"
            for prev, name in zip("abcdef", "bcdefg", strict=True)
        ),
    ]
)


def test_the_billion_laughs_is_refused_at_once_with_its_line():
    assert len(LAUGHS) < 500
    started = time.perf_counter()
    with pytest.raises(FileProblem) as refused:
        load_yaml("slug: laughs\n" + LAUGHS)
    assert time.perf_counter() - started < 0.5
    assert refused.value.line == 2
    assert "YAML anchors (&) and aliases (*) are not allowed" in refused.value.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: &t Basics\n", 1),  # an anchor on a scalar
        ("a: 1\nb: *t\n", 2),  # an undefined alias is refused the same way
        ("base: &b {x: 1}\nquiz:\n  <<: *b\n", 1),  # merge keys need aliases
        ("- &item one\n- two\n", 1),
    ],
)
def test_anchors_and_aliases_are_refused(text, line):
    with pytest.raises(FileProblem) as refused:
        load_yaml(text)
    assert refused.value.line == line


def test_front_matter_refuses_aliases_at_the_files_line():
    with pytest.raises(FileProblem) as refused:
        split_front_matter("---\nslug: x\ntitle: &t T\nsummary: *t\n---\nBody\n")
    assert refused.value.line == 3


def test_plain_yaml_still_loads_with_its_lines():
    data = load_yaml("slug: x\ntitle: 'A & B * C'\nitems: [1, 2]\n")
    assert data["title"] == "A & B * C" and data["__lines__"]["items"] == 3


def test_only_the_package_reader_parses_yaml():
    """Every YAML the portal reads goes through load_yaml's safe loader."""
    loads = re.compile(r"yaml\.(safe_load|load|full_load|unsafe_load)\b")
    readers = [
        str(path.relative_to(PORTAL))
        for path in PORTAL.rglob("*.py")
        if loads.search(path.read_text(encoding="utf-8"))
    ]
    assert readers == ["package/files.py"]


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_clean_zip_unpacks_into_the_package_folders(tmp_path):
    data = _zip({"modules/a/module.md": b"x", "media/b/c.png": b"png"})
    assert unpack_course_zip(data, tmp_path, ZipLimits()) == 2
    assert (tmp_path / "media" / "b" / "c.png").read_bytes() == b"png"


def test_unpacking_counts_real_bytes_and_stops_at_the_limit(tmp_path):
    data = _zip({"media/big.png": b"\0" * 300_000})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("media/big.png")
        with pytest.raises(ArchiveRefused) as refused:
            _copy(archive, info, tmp_path / "big.png", 100_000, ZipLimits())
    assert "larger than 50 MB" in refused.value.message
    assert (tmp_path / "big.png").stat().st_size <= 100_000


@pytest.mark.parametrize(
    ("files", "limits", "shown"),
    [
        (
            {"media/a.png": b"a" * 600_000, "media/b.png": b"b" * 600_000},
            ZipLimits(total_bytes=1024 * 1024),
            "larger than 1 MB",
        ),
        ({"media/a.png": b"a", "media/b.png": b"b"}, ZipLimits(members=1), "than 1"),
        ({"media/a/b/c.png": b"a"}, ZipLimits(depth=3), "more than 3 folders deep"),
        ({"media/a.png": b"a", "media/./a.png": b"b"}, ZipLimits(), "appears twice"),
    ],
)
def test_limits_and_duplicates_are_refused(tmp_path, files, limits, shown):
    with pytest.raises(ArchiveRefused) as refused:
        unpack_course_zip(_zip(files), tmp_path, limits)
    assert shown in refused.value.message
    assert not any(tmp_path.rglob("*.png"))  # refused before anything is written


def test_an_encrypted_member_is_refused_not_an_error(tmp_path):
    data = bytearray(_zip({"media/a.png": b"a"}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        data[at] |= 0x1  # the "encrypted" flag bit
    with pytest.raises(ArchiveRefused) as refused:
        unpack_course_zip(bytes(data), tmp_path, ZipLimits())
    assert "media/a.png is encrypted" in refused.value.message


def test_not_a_zip_is_refused(tmp_path):
    with pytest.raises(ArchiveRefused) as refused:
        unpack_course_zip(b"PK\x05\x06 not really", tmp_path, ZipLimits())
    assert refused.value.message == "The file is not a zip archive."


def test_an_unknown_compression_method_is_refused_not_an_error(tmp_path):
    data = bytearray(_zip({"media/a.png": b"a"}))
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = data.index(signature) + offset
        data[at : at + 2] = (99).to_bytes(2, "little")  # AES, say
    with pytest.raises(ArchiveRefused) as refused:
        unpack_course_zip(bytes(data), tmp_path, ZipLimits())
    assert "media/a.png is compressed in a way the portal cannot read" in (
        refused.value.message
    )


def test_a_name_the_file_system_refuses_is_refused_not_an_error(tmp_path):
    name = "media/" + "a" * 300 + ".png"
    with pytest.raises(ArchiveRefused) as refused:
        unpack_course_zip(_zip({name: b"a"}), tmp_path, ZipLimits())
    assert (
        "cannot be unpacked: give it a shorter, plainer name" in refused.value.message
    )
