"""Signed, expiring links (email checks, password links), made with itsdangerous."""

from __future__ import annotations

from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


def make_token(secret: str, purpose: str, value: Any) -> str:
    return URLSafeTimedSerializer(secret, salt=purpose).dumps(value)


def read_token(secret: str, purpose: str, token: str, max_age: int) -> Any:
    """The signed value, or None for a forged, tampered or expired token."""
    try:
        return URLSafeTimedSerializer(secret, salt=purpose).loads(
            token, max_age=max_age
        )
    except (BadSignature, SignatureExpired):
        return None
