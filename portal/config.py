"""Configuration defaults. Every key can be overridden by a ``PORTAL_<KEY>`` variable.

``DATABASE_URL`` and ``SECRET_KEY`` are also read without the prefix, as hosting
platforms set them.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    # "development" or "production"; production refuses the development secret key.
    "ENV_NAME": "development",
    # Signs the session cookie and CSRF tokens. Set a long random value in production.
    "SECRET_KEY": "dev-only-secret-change-me",
    # SQLAlchemy URL; None means SQLite at instance/portal.db.
    "SQLALCHEMY_DATABASE_URI": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    # Where the course package and the portal's own pages live.
    "MODULES_DIR": str(ROOT / "modules"),
    "QUIZZES_DIR": str(ROOT / "quizzes"),
    "CONTENT_DIR": str(ROOT / "content"),
    # Images lessons refer to as media/<file>; part of the course package.
    "MEDIA_DIR": str(ROOT / "content" / "media"),
    # Shown on pages and on certificates.
    "PROGRAMME_NAME": "Migration School",
    "ISSUER_NAME": "State Migration Service of the Republic of Azerbaijan",
    # The programme team's public contact details, shown on /pages/contact (the
    # privacy notice's data controller too). None hides a line; set them per install.
    "CONTACT_EMAIL": None,
    "CONTACT_PHONE": None,
    "CONTACT_ADDRESS": None,
    # Seconds after a quiz deadline within which a submission still counts.
    "QUIZ_GRACE_SECONDS": 30,
    # Argon2id cost; tests lower it to stay fast, production keeps the library default.
    "ARGON2_TIME_COST": 3,
    "ARGON2_MEMORY_COST": 65536,
    # The portal's public address (scheme and host, e.g. https://portal.example.org):
    # every link in mail and certificate QR codes is built from it, never from the
    # request's Host header. Required in production; development without it uses the
    # request's host. In production its host name is the trusted host when
    # TRUSTED_HOSTS is unset.
    "BASE_URL": None,
    # Host names the portal answers to (a list, or names separated by commas);
    # requests for any other Host get 400. Production requires this or BASE_URL.
    "TRUSTED_HOSTS": None,
    # Reverse proxies in front of the portal that set X-Forwarded-For/-Proto/-Host/
    # -Port. 0 believes none of these headers (a client could forge them).
    "PROXY_COUNT": 0,
    # Strict-Transport-Security max-age in seconds, sent in production; 0 sends none.
    "HSTS_MAX_AGE": 365 * 24 * 3600,
    # Outgoing mail. Without MAIL_SERVER messages stay in the outbox and the log.
    "MAIL_SERVER": None,
    "MAIL_PORT": 587,
    "MAIL_USE_TLS": True,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_SENDER": "Migration School <no-reply@example.org>",
    # A message that fails is tried again after MAIL_RETRY_BASE_SECONDS, then twice as
    # long after each further failure (at most MAIL_RETRY_MAX_SECONDS); after
    # MAIL_MAX_ATTEMPTS tries it is failed for good. A sender that has held a message
    # longer than MAIL_CLAIM_SECONDS is taken to have died and the message is free.
    "MAIL_MAX_ATTEMPTS": 6,
    "MAIL_RETRY_BASE_SECONDS": 60,
    "MAIL_RETRY_MAX_SECONDS": 6 * 3600,
    "MAIL_CLAIM_SECONDS": 600,
    # Application CVs: PDF only, at most this many bytes.
    "CV_MAX_BYTES": 2 * 1024 * 1024,
    # Motivation statement length, in words.
    "MOTIVATION_MIN_WORDS": 150,
    "MOTIVATION_MAX_WORDS": 600,
    # Email verification and email-change links stay valid this long (seconds).
    "EMAIL_TOKEN_MAX_AGE": 3 * 24 * 3600,
    # Rate limits (Flask-Limiter). Use redis://... when several hosts serve the portal.
    "RATELIMIT_STORAGE_URI": "memory://",
    "PREVIEW_RATE_LIMIT": "120 per minute",
    # Forms that send mail to an address typed in (forgotten password, new email,
    # confirmation again), per client address.
    "ACCOUNT_MAIL_RATE_LIMIT": "5 per 15 minutes",
    # The same forms and registration, per address typed in (or per signed-in
    # account), so no one mailbox is flooded from many client addresses.
    "MAIL_PER_EMAIL_RATE_LIMIT": "3 per hour",
    # Failed sign-ins before a temporary lockout, per account (the normalised
    # email) and per client address; only failures count, and the lockout lasts
    # until the window has passed. The right password does not sign in meanwhile.
    "SIGNIN_ACCOUNT_LIMIT": "5 per 15 minutes",
    "SIGNIN_ADDRESS_LIMIT": "20 per 15 minutes",
    # Refused forms that ask a signed-in person for their current password (new
    # password, new address, erasure), per account.
    "REAUTH_ACCOUNT_LIMIT": "10 per 15 minutes",
    # Private calendar feeds (docs/calendar-feeds.md): fetches of one feed, and unknown
    # feed addresses asked for per client address (only misses count: one calendar
    # provider fetches many people's feeds from the same addresses).
    "CALENDAR_FEED_RATE_LIMIT": "60 per hour",
    "CALENDAR_FEED_MISS_LIMIT": "20 per 10 minutes",
    # Images uploaded in the authoring studio, in bytes.
    "MEDIA_MAX_BYTES": 2 * 1024 * 1024,
    # A course package zip uploaded in the studio: at most this many members (files
    # and folders), this many bytes once unpacked (counted while unpacking, not
    # taken from the zip's headers) and this many path parts (media/a/b/c.png is 4).
    "PACKAGE_MAX_MEMBERS": 2000,
    "PACKAGE_MAX_BYTES": 50 * 1024 * 1024,
    "PACKAGE_MAX_DEPTH": 6,
    # Interface languages (catalogues in portal/translations), each named in itself
    # for the switcher in the footer.
    "LANGUAGES": ["en", "az", "ru"],
    "LANGUAGE_NAMES": {"en": "English", "az": "Azərbaycanca", "ru": "Русский"},
    "BABEL_DEFAULT_LOCALE": "en",
    # The zone times are shown in for anyone who has not chosen their own (account
    # settings), and the zone new sessions are held in.
    "BABEL_DEFAULT_TIMEZONE": "Asia/Baku",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # Signed-in sessions (see docs/sessions.md). Minutes without a request before a
    # session ends: trainers' and administrators' sessions, everyone else's, and
    # days for a "keep me signed in" one.
    "SESSION_IDLE_MINUTES_STAFF": 30,
    "SESSION_IDLE_MINUTES": 120,
    "SESSION_REMEMBER_IDLE_DAYS": 7,
    # Hours after signing in that a session ends however active it is.
    "SESSION_LIFETIME_HOURS": 12,
    # "Keep me signed in" lasts this many seconds; the portal caps it at 30 days.
    "REMEMBER_COOKIE_DURATION": 30 * 24 * 3600,
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    # Analytics: a participant is flagged at risk after this many days without
    # activity, after failing one quiz this many times (without passing it since),
    # or when a module released this many days ago is still incomplete.
    "ANALYTICS_INACTIVE_DAYS": 14,
    "ANALYTICS_FAILED_ATTEMPTS": 2,
    "ANALYTICS_BEHIND_DAYS": 7,
    # Participants per page of the cohort dashboard (the CSV has all of them).
    "ANALYTICS_PAGE_SIZE": 50,
    # Invitation and password-reset links stay valid this long (seconds).
    "PASSWORD_LINK_MAX_AGE": 3 * 24 * 3600,
    # Two-step sign-in (docs/mfa.md). Administrators and trainers who screen or
    # interview applicants must use it; False lets them go without (development).
    "MFA_REQUIRED": True,
    # Encrypts authenticator secrets and keys recovery-code hashes; None derives it
    # from SECRET_KEY (then changing SECRET_KEY means resetting everyone's MFA).
    "MFA_ENCRYPTION_KEY": None,
    # Seconds between a right password and the code that completes the sign-in.
    "MFA_PENDING_SECONDS": 300,
    # Wrong codes allowed at /login/verify, per account and per client address.
    "MFA_ACCOUNT_RATE_LIMIT": "5 per 5 minutes",
    "MFA_ADDRESS_RATE_LIMIT": "20 per 5 minutes",
    # Self check-in in the room (docs/attendance.md): it opens this many minutes
    # before a session starts and closes when it ends; a check-in more than
    # ATTENDANCE_LATE_AFTER_MINUTES after the start counts as late.
    "ATTENDANCE_CHECKIN_OPENS_MINUTES": 15,
    "ATTENDANCE_LATE_AFTER_MINUTES": 15,
    # Wrong check-in codes a participant may send, per session.
    "ATTENDANCE_CHECKIN_RATE_LIMIT": "5 per 5 minutes",
}

DEV_SECRET = DEFAULTS["SECRET_KEY"]
