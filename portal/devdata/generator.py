"""A large synthetic cohort for the dashboard benchmark: a generated course of N
modules, thousands of participants, their lessons and quiz attempts, bulk-inserted."""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import insert, select

from portal.extensions import db
from portal.models import (
    Cohort,
    LessonCompletion,
    ModuleRelease,
    Quiz,
    QuizAttempt,
    Role,
    User,
)
from portal.package import check_course
from portal.security import passwords
from portal.services import progress_summary
from portal.services.course_import import import_course
from portal.services.errors import CourseInvalid

QUESTIONS = 5  # per quiz: q1-q3 single choice, q4 true/false, q5 single choice
PASS_MARK = 70.0
PASSWORD = "generated-password"
CHUNK = 5000


@dataclass(frozen=True)
class Generated:
    cohort_id: int
    participants: int
    lessons: int
    attempts: int


def write_course(root: Path, modules: int, lessons: int) -> tuple[Path, Path, Path]:
    """A valid course package: module ``mNN`` needs ``m(NN-1)``; one final quiz."""
    folders = root / "modules", root / "quizzes", root / "media"
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, modules + 1):
        slug = f"m{number:02d}"
        folder = folders[0] / f"{number:02d}-{slug}"
        folder.mkdir(exist_ok=True)
        meta = {
            "slug": slug,
            "title": f"Module {number}: generated topic {number}",
            "order": number,
            "summary": "A generated module for the benchmark.",
            "minutes": 10 * lessons,
            "prerequisites": [f"m{number - 1:02d}"] if number > 1 else [],
            "quiz": slug,
            "objectives": ["Read the lessons.", "Pass the quiz."],
            "key_terms": [],
            "lessons": [f"{i:02d}-lesson-{i}.md" for i in range(1, lessons + 1)],
        }
        (folder / "module.md").write_text(
            "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\nGenerated.\n"
        )
        for i in range(1, lessons + 1):
            (folder / f"{i:02d}-lesson-{i}.md").write_text(
                f"---\nslug: lesson-{i}\ntitle: Lesson {i}\nminutes: 10\n---\n\n"
                f"## Part {i}\n\nGenerated text for lesson {i} of module {number}.\n"
            )
        _write_quiz(folders[1] / f"{slug}.yaml", slug, f"Quiz {number}", False)
    _write_quiz(folders[1] / "final.yaml", "final", "Final assessment", True)
    return folders


def _write_quiz(path: Path, slug: str, title: str, final: bool) -> None:
    def single(n: int) -> dict:
        return {
            "id": f"{slug}-q{n}",
            "kind": "single",
            "prompt": f"Generated question {n}?",
            "options": [
                {"text": "Right", "correct": True},
                {"text": "Wrong one"},
                {"text": "Wrong two"},
            ],
            "explanation": "Generated.",
        }

    truth = {
        "id": f"{slug}-q4",
        "kind": "true_false",
        "prompt": "Generated statement?",
        "answer": True,
        "explanation": "Generated.",
    }
    spec = {
        "slug": slug,
        "title": title,
        "final": final,
        "pass_mark": PASS_MARK,
        "attempts": 50,
        "questions": [single(1), single(2), single(3), truth, single(5)],
    }
    path.write_text(yaml.safe_dump(spec, sort_keys=False))


def generate(
    participants: int,
    modules: int,
    attempts: int,
    now: datetime,
    lessons: int = 3,
    seed: int = 7,
) -> Generated:
    """Import a generated course (it becomes the live course) and a cohort."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        package, problems = check_course(*write_course(Path(folder), modules, lessons))
        if problems:
            raise CourseInvalid(problems)
        import_course(package, now)
    today = now.date()
    start = today - timedelta(days=10 * modules + 5)  # the last module is recent
    cohort = Cohort(
        name=f"Generated cohort {now:%Y-%m-%d %H:%M:%S.%f}",
        starts_on=start,
        ends_on=today + timedelta(days=30),
        capacity=participants,
    )
    db.session.add(cohort)
    db.session.flush()
    slugs = [f"m{n:02d}" for n in range(1, modules + 1)]
    for index, slug in enumerate(slugs):
        db.session.add(
            ModuleRelease(
                cohort_id=cohort.id,
                module_slug=slug,
                opens_on=start + timedelta(days=10 * index),
            )
        )
    secret = passwords.hash(PASSWORD)
    _bulk(
        User,
        [
            {
                "email": f"p{cohort.id}-{i}@generated.example.org",
                "full_name": f"Participant {i:05d} Generated",
                "password_hash": secret,
                "role": Role.PARTICIPANT.value,
                "cohort_id": cohort.id,
                "active": True,
                "created_at": datetime.combine(start, datetime.min.time()),
            }
            for i in range(participants)
        ],
    )
    ids = db.session.scalars(
        select(User.id).where(User.cohort_id == cohort.id).order_by(User.id)
    ).all()
    revisions = dict(
        db.session.execute(select(Quiz.slug, Quiz.current_revision_id)).all()
    )
    plan = _plan(rng, ids, slugs, lessons)
    completions = _completions(rng, plan, slugs, lessons, start, now)
    _bulk(LessonCompletion, completions)
    rows = _attempts(rng, plan, slugs, attempts, revisions, start, now)
    _bulk(QuizAttempt, rows)
    progress_summary.rebuild(select(User.id).where(User.cohort_id == cohort.id))
    return Generated(cohort.id, len(ids), len(completions), len(rows))


def _bulk(model, rows: list[dict]) -> None:
    for first in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[first : first + CHUNK])


def _plan(rng, ids, slugs, lessons):
    """Per participant: ability (0..1), modules completed, lessons into the next."""
    plan = []
    for user_id in ids:
        reached = min(
            len(slugs), int(rng.triangular(0, len(slugs) + 2, len(slugs) / 2))
        )
        partial = rng.randint(0, lessons) if reached < len(slugs) else 0
        plan.append((user_id, rng.random(), reached, partial))
    return plan


def _moment(rng, start, index: int, now: datetime) -> datetime:
    when = datetime.combine(start, datetime.min.time()) + timedelta(
        days=10 * index + rng.uniform(0, 12), seconds=rng.randint(0, 86_000)
    )
    return min(when, now - timedelta(minutes=5))


def _completions(rng, plan, slugs, lessons, start, now):
    rows = []
    for user_id, _ability, reached, partial in plan:
        for index, slug in enumerate(slugs[: reached + 1]):
            count = lessons if index < reached else partial
            for lesson in range(1, count + 1):
                rows.append(
                    {
                        "user_id": user_id,
                        "module_slug": slug,
                        "lesson_slug": f"lesson-{lesson}",
                        "completed_at": _moment(rng, start, index, now),
                    }
                )
    return rows


def _attempts(rng, plan, slugs, total, revisions, start, now):
    """One passing attempt per completed module (and the final for those who finished
    everything), then failures spread at random until there are ``total``."""
    passes, slots = [], []
    for user_id, ability, reached, partial in plan:
        for index in range(reached):
            passes.append((user_id, ability, slugs[index], index))
            slots.append((user_id, ability, slugs[index], index))
        if reached == len(slugs):
            passes.append((user_id, ability, "final", reached))
            slots.append((user_id, ability, "final", reached))
        elif partial:
            slots.append((user_id, ability, slugs[reached], reached))
    failures = rng.choices(slots, k=max(0, total - len(passes))) if slots else []
    by_key: dict[tuple, list[bool]] = {}
    for user_id, ability, quiz, index in failures:
        by_key.setdefault((user_id, ability, quiz, index), []).append(False)
    for key in passes:
        by_key.setdefault(key, []).append(True)
    rows = []
    for (user_id, ability, quiz, index), outcomes in by_key.items():
        for number, passed in enumerate(outcomes, start=1):
            rows.append(
                _attempt_row(
                    rng,
                    user_id,
                    ability,
                    quiz,
                    number,
                    passed,
                    revisions[quiz],
                    _moment(rng, start, index, now),
                )
            )
    return rows[:total] if total < len(rows) else rows


def _attempt_row(rng, user_id, ability, quiz, number, passed, revision_id, at):
    # q1-q3 follow ability; q4 is too easy; q5 favours the weak (a bad key).
    chances = [0.3 + 0.6 * ability] * 3 + [0.97, 0.9 - 0.6 * ability]
    right = [rng.random() < p for p in chances]
    while passed and sum(right) / QUESTIONS * 100 < PASS_MARK:
        right[right.index(False)] = True
    while not passed and sum(right) / QUESTIONS * 100 >= PASS_MARK:
        right[right.index(True)] = False
    answers, results = {}, []
    for n, correct in enumerate(right, start=1):
        qid = f"{quiz}-q{n}"
        if n == 4:
            answers[qid] = correct
        else:
            answers[qid] = 0 if correct else rng.choice((1, 2))
        results.append({"id": qid, "points": 1.0, "earned": 1.0 if correct else 0.0})
    score = float(sum(right))
    return {
        "user_id": user_id,
        "quiz_slug": quiz,
        "quiz_revision_id": revision_id,
        "number": number,
        "status": "submitted",
        "started_at": at,
        "submitted_at": at + timedelta(seconds=rng.randint(120, 1500)),
        "layout": [{"id": f"{quiz}-q{n}"} for n in range(1, QUESTIONS + 1)],
        "answers": answers,
        "results": results,
        "score": score,
        "max_score": float(QUESTIONS),
        "percent": 100 * score / QUESTIONS,
        "pass_mark": PASS_MARK,
        "passed": passed,
    }
