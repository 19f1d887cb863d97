"""Quizzes written in the browser: drafts of the whole quiz, per-question edits,
publishing and trying a draft as a participant would (nothing is recorded)."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime
from typing import Any

import yaml
from sqlalchemy import func, select

from portal.domain.course import check_quiz
from portal.domain.grading import (
    GradeResult,
    draw_layout,
    grade_attempt,
    read_submission,
)
from portal.domain.questions import ForgedAnswer, validate_question
from portal.extensions import db
from portal.models import Quiz, QuizRevision, User
from portal.package import parse_quiz_source, write_quiz_source
from portal.services.course_import import quiz_definition
from portal.services.errors import FormInvalid, Invalid, NotFound
from portal.services.lesson_authoring import (
    Conflict,
    newest_revision,
    record_course_change,
    revision_history,
)

SETTINGS = (
    "title",
    "final",
    "pass_mark",
    "attempts",
    "time_limit",
    "draw",
    "shuffle",
    "intro",
)


def quizzes() -> list[Quiz]:
    return list(db.session.scalars(select(Quiz).order_by(Quiz.final, Quiz.slug)))


def get_quiz(quiz_id: int) -> Quiz:
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None:
        raise NotFound("No such quiz.")
    return quiz


def revisions(quiz_id: int) -> list[QuizRevision]:
    return revision_history(QuizRevision, QuizRevision.quiz_id, quiz_id)


def latest(quiz_id: int) -> QuizRevision | None:
    return newest_revision(QuizRevision, QuizRevision.quiz_id, quiz_id)


def working_copy(quiz: Quiz) -> tuple[dict[str, Any], int]:
    """The quiz as its newest revision has it (settings, questions), and its number."""
    revision = latest(quiz.id)
    if revision is None:
        return {"slug": quiz.slug, "title": quiz.title, "questions": []}, 0
    return yaml.safe_load(revision.source) or {}, revision.number


def create_quiz(user: User, slug: str, title: str, final: bool, now: datetime) -> Quiz:
    if db.session.scalar(select(Quiz.id).where(Quiz.slug == slug)) is not None:
        raise FormInvalid({"slug": "A quiz with this slug exists."})
    quiz = Quiz(slug=slug, title=title, final=final)
    db.session.add(quiz)
    db.session.flush()
    data = {
        "slug": slug,
        "title": title,
        "final": final,
        "pass_mark": 70,
        "attempts": 3,
        "shuffle": True,
        "questions": [],
    }
    _store(user, quiz, data, 0, "created", now)
    return quiz


def _store(
    user: User, quiz: Quiz, data: dict[str, Any], base: int, note: str, now: datetime
) -> QuizRevision:
    """Write a new draft revision; a stale ``base`` is kept as a conflict, refused."""
    current = latest(quiz.id)
    stale = current is not None and current.number != base
    source = write_quiz_source({**data, "slug": quiz.slug})
    spec, problems = parse_quiz_source(source, f"{quiz.slug}.yaml")
    definition = (
        quiz_definition(spec)
        if spec and not problems
        else {"settings": {}, "questions": []}
    )
    number = (
        db.session.scalar(
            select(func.max(QuizRevision.number)).where(QuizRevision.quiz_id == quiz.id)
        )
        or 0
    ) + 1
    revision = QuizRevision(
        quiz_id=quiz.id,
        number=number,
        content_hash=hashlib.sha256(source.encode() + b"\0").hexdigest(),
        definition=definition,
        source=source,
        filename=f"{quiz.slug}.yaml",
        created_at=now,
        author_id=user.id,
        note=note,
        conflict=stale,
    )
    db.session.add(revision)
    db.session.commit()
    if stale:
        raise Conflict(
            f"Someone else saved this quiz (revision {current.number}) after "
            f"you opened it. Your change is kept as revision {number}.",
            number,
        )
    return revision


def save_settings(
    user: User, quiz_id: int, settings: dict[str, Any], base: int, now: datetime
) -> QuizRevision:
    quiz = get_quiz(quiz_id)
    data, _ = working_copy(quiz)
    data.update({key: settings.get(key) for key in SETTINGS})
    problems = _settings_problems(quiz, data)
    if problems:
        raise FormInvalid(problems)
    return _store(user, quiz, data, base, "settings changed", now)


def _settings_problems(quiz: Quiz, data: dict[str, Any]) -> dict[str, str]:
    source = write_quiz_source(
        {
            **data,
            "slug": quiz.slug,
            "questions": data.get("questions")
            or [{"id": "x", "kind": "true_false", "prompt": "x", "answer": True}],
        }
    )
    spec, problems = parse_quiz_source(source, f"{quiz.slug}.yaml")
    messages = [p.message for p in problems]
    if spec is not None:
        messages += [
            p.message
            for p in check_quiz(spec)
            if not p.message.startswith(
                ("question", "every question", "a quiz needs", "draw")
            )
        ]
        bank = len(data.get("questions") or [])
        if spec.draw and bank and spec.draw > bank:
            messages.append(f"draw {spec.draw} is more than the {bank} questions")
    return {"settings": "; ".join(messages)} if messages else {}


def save_question(
    user: User,
    quiz_id: int,
    question: dict[str, Any],
    replaces: str | None,
    base: int,
    now: datetime,
) -> QuizRevision:
    """Add or replace one question; it must be valid to be saved.

    :raise FormInvalid: the question breaks a rule of its kind (``question`` field).
    """
    quiz = get_quiz(quiz_id)
    data, _ = working_copy(quiz)
    questions = list(data.get("questions") or [])
    problems = validate_question(question)
    ids = {q.get("id") for q in questions if q.get("id") != replaces}
    if question.get("id") in ids:
        problems.append(f"another question already has the id {question.get('id')!r}")
    if problems:
        raise FormInvalid({"question": "; ".join(problems)})
    index = next((i for i, q in enumerate(questions) if q.get("id") == replaces), None)
    if index is None:
        questions.append(question)
    else:
        questions[index] = question
    data["questions"] = questions
    verb = "edited" if index is not None else "added"
    return _store(user, quiz, data, base, f"{verb} question {question['id']}", now)


def delete_question(
    user: User, quiz_id: int, question_id: str, base: int, now: datetime
) -> QuizRevision:
    quiz = get_quiz(quiz_id)
    data, _ = working_copy(quiz)
    data["questions"] = [
        q for q in data.get("questions") or [] if q.get("id") != question_id
    ]
    return _store(user, quiz, data, base, f"removed question {question_id}", now)


def publish_quiz(user: User, quiz_id: int, now: datetime) -> Quiz:
    """Make the newest revision live; past attempts keep the revision they used.

    :raise FormInvalid: the quiz as a whole breaks a rule (every problem is listed).
    """
    quiz = get_quiz(quiz_id)
    revision = latest(quiz_id)
    if revision is None:
        raise NotFound("Nothing to publish.")
    spec, problems = parse_quiz_source(revision.source, f"{quiz.slug}.yaml")
    messages = [str(p) for p in problems]
    if spec is not None:
        messages += [p.message for p in check_quiz(spec)]
    if messages:
        raise FormInvalid({"quiz": "; ".join(messages)})
    revision.published_at = now
    quiz.current = revision
    quiz.title, quiz.final, quiz.retired = spec.title, spec.final, False
    record_course_change(f"published quiz {quiz.slug}", now)
    db.session.commit()
    return quiz


def try_layout(quiz: Quiz, rng: random.Random | None = None) -> list[dict[str, Any]]:
    """A fresh layout of the newest revision, as a participant's attempt would get."""
    revision = latest(quiz.id)
    if revision is None or not revision.definition.get("questions"):
        raise Invalid("Add questions before trying the quiz.")
    settings = revision.definition["settings"]
    return draw_layout(
        revision.definition["questions"],
        draw=settings.get("draw"),
        shuffle=settings.get("shuffle", True),
        rng=rng or random.SystemRandom(),
    )


def try_grade(
    quiz: Quiz, layout: list[dict[str, Any]], values
) -> tuple[QuizRevision, dict[str, Any], GradeResult]:
    """Grade a try-out exactly as a real attempt is graded; nothing is stored."""
    revision = latest(quiz.id)
    bank = {q["id"]: q for q in revision.definition["questions"]}
    if any(entry["id"] not in bank for entry in layout):
        raise Invalid("The quiz changed while you were trying it: start again.")
    try:
        answers = read_submission(bank, layout, values)
    except ForgedAnswer as error:
        raise Invalid(str(error)) from error
    result = grade_attempt(
        bank, layout, answers, revision.definition["settings"]["pass_mark"]
    )
    return revision, answers, result


def restore_quiz(user: User, quiz_id: int, number: int, now: datetime) -> QuizRevision:
    """An old revision's questions and settings become the newest draft."""
    quiz = get_quiz(quiz_id)
    old = next((r for r in revisions(quiz_id) if r.number == number), None)
    if old is None:
        raise NotFound("No such revision.")
    current = latest(quiz_id)
    return _store(
        user,
        quiz,
        yaml.safe_load(old.source) or {},
        current.number if current else 0,
        f"restored revision {number}",
        now,
    )
