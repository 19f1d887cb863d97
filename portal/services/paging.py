"""Listings a page at a time, through Flask-SQLAlchemy's paginator."""

from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from portal.extensions import db


def paginate(query: Select, page: int, per_page: int) -> Pagination:
    """One page of ``query``; a page past the end shows the last one, so a link kept
    from a longer listing still lands somewhere useful.

    :return: the paginator's page (``items``, ``total``, ``page``, ``pages``).
    """
    found = db.paginate(query, page=max(page, 1), per_page=per_page, error_out=False)
    if found.pages and found.page > found.pages:
        found = db.paginate(query, page=found.pages, per_page=per_page)
    return found
