"""The one list of image types a course may show: by name in the package, by content
on upload.

SVG is refused everywhere: it can carry script, and a course image is served from
this site's own origin.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

# A signature is (offset, bytes) pairs that must all match the start of a file.
Signature = tuple[tuple[int, bytes], ...]


@dataclass(frozen=True)
class ImageType:
    mime: str
    suffixes: tuple[str, ...]  # the first is the one given to uploaded files
    signatures: tuple[Signature, ...]

    def matches(self, data: bytes) -> bool:
        """Whether ``data`` starts like a file of this type."""
        return any(
            all(data[at : at + len(magic)] == magic for at, magic in signature)
            for signature in self.signatures
        )


IMAGE_TYPES = (
    ImageType("image/png", (".png",), (((0, b"\x89PNG\r\n\x1a\n"),),)),
    ImageType("image/jpeg", (".jpg", ".jpeg"), (((0, b"\xff\xd8\xff"),),)),
    ImageType("image/gif", (".gif",), (((0, b"GIF87a"),), ((0, b"GIF89a"),))),
    ImageType("image/webp", (".webp",), (((0, b"RIFF"), (8, b"WEBP")),)),
)
IMAGE_SUFFIXES = frozenset(s for kind in IMAGE_TYPES for s in kind.suffixes)
REFUSED_SUFFIXES = frozenset({".svg", ".svgz"})


def image_type(data: bytes) -> str | None:
    """The image type by content, never by name; None for anything else (SVG too)."""
    return next((kind.mime for kind in IMAGE_TYPES if kind.matches(data)), None)


def is_image_name(name: str) -> bool:
    """Whether a package file's name is one of the allowed image types."""
    return PurePath(name).suffix.lower() in IMAGE_SUFFIXES


def refused_images(names: Iterable[str]) -> list[str]:
    """The names among ``names`` that are images of a refused type (SVG)."""
    return sorted(n for n in names if PurePath(n).suffix.lower() in REFUSED_SUFFIXES)


def image_markdown(alt: str, filename: str) -> str:
    """The Markdown that shows an uploaded image, with ``alt`` kept to one line and
    its brackets escaped so the text cannot end the image early."""
    text = " ".join(alt.split())
    text = text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return f"![{text}](media/{filename})"
