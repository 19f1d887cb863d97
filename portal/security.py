"""Password hashing with Argon2id, tuned from the app config, and the vault of
two-step sign-in secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken
from flask import Flask, current_app


class Passwords:
    def init_app(self, app: Flask) -> None:
        app.extensions["passwords"] = PasswordHasher(
            time_cost=app.config["ARGON2_TIME_COST"],
            memory_cost=app.config["ARGON2_MEMORY_COST"],
        )

    @property
    def _hasher(self) -> PasswordHasher:
        return current_app.extensions["passwords"]

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def _dummy(self) -> str:
        """A hash made with the configured cost: verifying against it when no account
        matches makes a failed login take as long whether or not the email exists."""
        found = current_app.extensions.get("passwords_dummy")
        if found is None:
            found = current_app.extensions["passwords_dummy"] = self.hash(
                "not a password"
            )
        return found

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            valid = self._hasher.verify(password_hash or self._dummy(), password)
        except (VerificationError, InvalidHashError):
            return False
        return valid and password_hash is not None


passwords = Passwords()


class Vault:
    """Keeps the two-step sign-in secrets: TOTP secrets encrypted (Fernet, so a
    copy of the database alone does not give them away) and recovery codes as keyed
    hashes. The key is ``MFA_ENCRYPTION_KEY``, else derived from ``SECRET_KEY``."""

    def init_app(self, app: Flask) -> None:
        base = app.config.get("MFA_ENCRYPTION_KEY") or app.config["SECRET_KEY"]
        base = base.encode() if isinstance(base, str) else base
        app.extensions["vault"] = (
            Fernet(base64.urlsafe_b64encode(_derive(base, b"totp-secret"))),
            _derive(base, b"recovery-code"),
        )

    def encrypt(self, text: str) -> str:
        return current_app.extensions["vault"][0].encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str | None:
        """The secret, or ``None`` when it was encrypted under another key."""
        try:
            return current_app.extensions["vault"][0].decrypt(token.encode()).decode()
        except InvalidToken:
            return None

    def digest(self, code: str) -> str:
        """Recovery codes are random (about 119 bits), so a keyed SHA-256 is
        enough (ASVS 5.0 6.5.2); a slow hash would make checking ten of them slow
        for nothing."""
        key = current_app.extensions["vault"][1]
        return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def _derive(base: bytes, purpose: bytes) -> bytes:
    return hmac.new(base, b"portal-mfa:" + purpose, hashlib.sha256).digest()


vault = Vault()
