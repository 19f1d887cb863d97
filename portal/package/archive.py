"""Unpacking an uploaded course zip without trusting it: a bounded number of members,
real (not declared) size counted while reading, bounded nesting, and only plain files
under modules/, quizzes/ and media/ — no absolute paths, no ``..``, no links."""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from portal.domain.text import N_, Message, message

#: The folders a course package holds; anything else in the zip is refused.
FOLDERS = ("modules", "quizzes", "media")
_CHUNK = 64 * 1024
_MIB = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """What an uploaded zip may hold (config ``PACKAGE_MAX_*``)."""

    members: int = 2000
    total_bytes: int = 50 * _MIB
    depth: int = 6

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ZipLimits:
        return cls(
            members=int(config["PACKAGE_MAX_MEMBERS"]),
            total_bytes=int(config["PACKAGE_MAX_BYTES"]),
            depth=int(config["PACKAGE_MAX_DEPTH"]),
        )


class ArchiveRefused(Exception):
    """The zip is refused as a whole; ``message`` says why (a translatable Message)."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


def _shown(name: str) -> str:
    """A member name as a message shows it: a hostile zip may name it at length."""
    return name if len(name) <= 120 else name[:117] + "..."


def _refuse(template: str, **params: object) -> ArchiveRefused:
    return ArchiveRefused(message(template, **params))


def _member_parts(info: zipfile.ZipInfo, limits: ZipLimits) -> tuple[str, ...]:
    """The path a member would be written to, or why it may not be written."""
    name = info.filename
    shown = _shown(name)
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        raise _refuse(
            N_("%(name)s is a symbolic link: the zip may hold plain files only"),
            name=shown,
        )
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise _refuse(N_("%(name)s is not a plain file"), name=shown)
    if "\\" in name or "\0" in name:
        raise _refuse(
            N_("%(name)s: file names in the zip may not contain '\\'"), name=shown
        )
    path = PurePosixPath(name)
    if path.is_absolute():
        raise _refuse(
            N_(
                "%(name)s is an absolute path: names must start with modules/, "
                "quizzes/ or media/"
            ),
            name=shown,
        )
    if ".." in path.parts:
        raise _refuse(N_("%(name)s climbs out of its folder with '..'"), name=shown)
    if not path.parts or path.parts[0] not in FOLDERS:
        raise _refuse(N_("Unexpected file in the zip: %(name)s"), name=shown)
    if len(path.parts) > limits.depth:
        raise _refuse(
            N_("%(name)s is nested more than %(depth)s folders deep"),
            name=shown,
            depth=limits.depth,
        )
    if info.flag_bits & 0x1:
        raise _refuse(
            N_("%(name)s is encrypted: upload a zip without a password"), name=shown
        )
    return path.parts


def _plan(
    archive: zipfile.ZipFile, limits: ZipLimits
) -> list[tuple[zipfile.ZipInfo, tuple[str, ...]]]:
    """The files to write, once every member's name has been checked."""
    members = archive.infolist()
    if len(members) > limits.members:
        raise _refuse(
            N_("The zip holds more than %(limit)s files and folders."),
            limit=limits.members,
        )
    files: dict[tuple[str, ...], zipfile.ZipInfo] = {}
    folders: set[tuple[str, ...]] = set()
    declared = 0
    for info in members:
        parts = _member_parts(info, limits)
        folders.update(parts[:end] for end in range(1, len(parts)))
        if info.is_dir():
            folders.add(parts)
            continue
        if len(parts) < 2:  # a file named like one of the folders
            raise _refuse(
                N_("Unexpected file in the zip: %(name)s"), name=_shown(info.filename)
            )
        if parts in files:
            raise _refuse(
                N_("%(name)s appears twice in the zip"), name=_shown(info.filename)
            )
        files[parts] = info
        declared += info.file_size
    for parts in files:
        if parts in folders:
            raise _refuse(
                N_("%(name)s is both a file and a folder in the zip"),
                name=_shown("/".join(parts)),
            )
    if declared > limits.total_bytes:
        raise _too_large(limits)
    return [(info, parts) for parts, info in files.items()]


def _too_large(limits: ZipLimits) -> ArchiveRefused:
    return _refuse(
        N_("The unpacked course is larger than %(limit)s MB."),
        limit=f"{limits.total_bytes / _MIB:g}",
    )


def _copy(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    target: Path,
    budget: int,
    limits: ZipLimits,
) -> int:
    """Write one member, counting the bytes it really unpacks to (headers can lie),
    and stop as soon as the course's size limit is passed.

    :return: how many bytes were written.
    """
    written = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.open(info) as source, target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > budget:
                raise _too_large(limits)
            out.write(chunk)
    return written


def unpack_course_zip(data: bytes, target: Path, limits: ZipLimits) -> int:
    """Write the zip's files under ``target``; nothing is trusted from its headers.

    :return: how many files were written.
    :raise ArchiveRefused: the zip breaks a limit or a rule, or cannot be read.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _refuse(N_("The file is not a zip archive.")) from error
    with archive:
        plan = _plan(archive, limits)
        budget = limits.total_bytes
        for info, parts in plan:
            try:
                budget -= _copy(archive, info, target.joinpath(*parts), budget, limits)
            except NotImplementedError as error:
                raise _refuse(
                    N_(
                        "%(name)s is compressed in a way the portal cannot read: "
                        "use ordinary zip compression"
                    ),
                    name=_shown(info.filename),
                ) from error
            except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
                raise _damaged(info) from error
            except OSError as error:  # a name the file system refuses (too long)
                raise _refuse(
                    N_("%(name)s cannot be unpacked: give it a shorter, plainer name"),
                    name=_shown(info.filename),
                ) from error
    return len(plan)


def _damaged(info: zipfile.ZipInfo) -> ArchiveRefused:
    return _refuse(
        N_(
            "The zip is damaged (%(name)s cannot be unpacked): "
            "make it again and upload it."
        ),
        name=_shown(info.filename),
    )
