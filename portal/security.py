"""Password hashing with Argon2id, tuned from the app config."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app

# Verifying against this when no account matches keeps the timing of a failed login
# the same whether or not the email exists.
_DUMMY = "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$Yy3pbt5QRPBQHUbmGFW9Qw"


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

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash or _DUMMY, password) and bool(
                password_hash
            )
        except (VerificationError, InvalidHashError):
            return False


passwords = Passwords()
