"""Password hashing with Argon2id, tuned from the app config."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
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
