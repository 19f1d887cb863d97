"""Real concurrent requests racing one participant's quiz attempts."""

from __future__ import annotations

import threading
from datetime import timedelta

from portal.extensions import db
from portal.services import quizzes
from portal.services.errors import AttemptClosed, AttemptsExhausted
from portal.timeutil import utcnow

GRACE = timedelta(seconds=30)


def race_until_refused(app, user_id: int, slug: str, requests: int = 6) -> list[str]:
    """``requests`` threads start and submit attempts at once until each is refused.

    :return: one "exhausted" per thread that the attempt limit stopped.
    """
    barrier = threading.Barrier(requests)
    refusals: list[str] = []

    def race():
        with app.app_context():
            barrier.wait()
            try:
                for _ in range(20):
                    try:
                        attempt = quizzes.start_attempt(user_id, slug, utcnow(), GRACE)
                        quizzes.submit_attempt(user_id, attempt.id, {}, utcnow(), GRACE)
                    except AttemptClosed:
                        continue  # another request submitted the shared attempt
                    except AttemptsExhausted:
                        refusals.append("exhausted")
                        return
            finally:
                db.session.remove()

    threads = [threading.Thread(target=race) for _ in range(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    return refusals
