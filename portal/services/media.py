"""Images for lessons, uploaded in the studio and kept in the database."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from portal.domain.images import IMAGE_TYPES, image_type
from portal.domain.text import slugify, unique_slug
from portal.extensions import db
from portal.models import MediaFile, User
from portal.services.errors import FormInvalid

#: The name an uploaded image gets ends as its type's first suffix says.
EXTENSIONS = {kind.mime: kind.suffixes[0] for kind in IMAGE_TYPES}


@dataclass(frozen=True)
class ImageUpload:
    filename: str
    data: bytes


def media_names(folder: Path) -> set[str]:
    """Every image a lesson may show: the course's media folder and the uploads."""
    files = (
        {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
        if folder.is_dir()
        else set()
    )
    return files | set(db.session.scalars(select(MediaFile.filename)))


def upload_image(
    user: User, upload: ImageUpload, max_bytes: int, media_dir: Path, now: datetime
) -> MediaFile:
    """:raise FormInvalid: not a PNG, JPEG, GIF or WebP image, or too large."""
    if len(upload.data) > max_bytes:
        raise FormInvalid(
            {"image": _("The image is larger than %(n)d KB.", n=max_bytes // 1024)}
        )
    kind = image_type(upload.data)
    if kind is None:
        raise FormInvalid({"image": _("Upload a PNG, JPEG, GIF or WebP image.")})
    base = slugify(Path(upload.filename).stem) or "image"
    taken = {Path(name).stem for name in media_names(media_dir)}
    filename = unique_slug(base, taken) + EXTENSIONS[kind]
    media = MediaFile(
        filename=filename,
        content_type=kind,
        size=len(upload.data),
        sha256=hashlib.sha256(upload.data).hexdigest(),
        data=upload.data,
        uploaded_by_id=user.id,
        created_at=now,
    )
    db.session.add(media)
    db.session.commit()
    return media


def stored_media(filename: str) -> MediaFile | None:
    return db.session.scalar(select(MediaFile).where(MediaFile.filename == filename))
