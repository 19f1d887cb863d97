"""Quizzes written in the browser: drafts of the whole quiz, per-question edits,
publishing and trying a draft as a participant would (nothing is recorded)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from flask_babel import gettext
from sqlalchemy import select

from portal.domain.course import check_quiz
from portal.domain.grading import draw_layout, grade_attempt, read_submission
from portal.domain.questions import ForgedAnswer, validate_question
from portal.extensions import db
from portal.models import Quiz, QuizAttempt, QuizRevision, User
from portal.package import QUIZ_KEYS, parse_quiz_source, write_quiz_source
from portal.services import revisions as revision_rules
from portal.services.course_import import quiz_definition
from portal.services.errors import FormInvalid, Invalid, NotFound
from portal.services.quiz_source import data_of, read_source
from portal.services.quizzes import graded_columns
from portal.services.revisions import content_digest
from portal.services.wording import translated

# The settings a trainer edits: every key of a quiz file but its id and questions.
SETTINGS = tuple(key for key in QUIZ_KEYS if key not in ("slug", "questions"))


def quizzes() -> list[Quiz]:
    return list(db.session.scalars(select(Quiz).order_by(Quiz.final, Quiz.slug)))


def get_quiz(quiz_id: int) -> Quiz:
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None:
        raise NotFound(gettext("No such quiz."))
    return quiz


def revisions(quiz_id: int) -> list[QuizRevision]:
    return revision_rules.revisions(QUIZZES, quiz_id)


def latest(quiz_id: int) -> QuizRevision | None:
    return revision_rules.newest(QUIZZES, quiz_id)


def working_copy(quiz: Quiz, now: datetime) -> tuple[dict[str, Any], int]:
    """The quiz as its newest revision has it (settings, questions), and its number."""
    revision = revision_rules.working_revision(QUIZZES, quiz, now)
    if revision is None:
        return {"slug": quiz.slug, "title": quiz.title, "questions": []}, 0
    return QUIZZES.data_of(revision), revision.number


def question_draft(
    quiz: Quiz, question_id: str | None, now: datetime
) -> tuple[dict[str, Any] | None, int]:
    """One question of the working copy (None for a new one), and the copy's number.

    :raise NotFound: the working copy has no question ``question_id``.
    """
    data, base = working_copy(quiz, now)
    found = next(
        (q for q in data.get("questions") or [] if q.get("id") == question_id), None
    )
    if question_id and found is None:
        raise NotFound(gettext("No such question."))
    return found, base


def quiz_history(
    quiz_id: int, older: int | None, newer: int | None
) -> revision_rules.History:
    return revision_rules.history(QUIZZES, quiz_id, older, newer)


def create_quiz(user: User, slug: str, title: str, final: bool, now: datetime) -> Quiz:
    if db.session.scalar(select(Quiz.id).where(Quiz.slug == slug)) is not None:
        raise FormInvalid({"slug": gettext("A quiz with this slug exists.")})
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
    return revision_rules.create(QUIZZES, quiz, data, user, now)


def _store(
    user: User, quiz: Quiz, data: dict[str, Any], base: int, note: str, now: datetime
) -> QuizRevision:
    return revision_rules.save_draft(QUIZZES, quiz.id, data, base, note, user, now)


def _quiz_columns(quiz: Quiz, data: dict[str, Any]) -> dict[str, Any]:
    """A quiz revision stores its file and what grading reads from it."""
    source = write_quiz_source({**data, "slug": quiz.slug})
    spec, problems = parse_quiz_source(source, f"{quiz.slug}.yaml")
    definition = (
        quiz_definition(spec)
        if spec and not problems
        else {"settings": {}, "questions": []}
    )
    return {
        "content_hash": content_digest(source),
        "definition": definition,
        "source": source,
        "filename": f"{quiz.slug}.yaml",
    }


def save_settings(
    user: User, quiz_id: int, settings: dict[str, Any], base: int, now: datetime
) -> QuizRevision:
    quiz = get_quiz(quiz_id)
    data, _ = working_copy(quiz, now)
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
    messages = [translated(p.message) for p in problems]
    if spec is not None:
        messages += [
            translated(p.message)
            for p in check_quiz(spec)
            if not p.message.startswith(
                ("question", "every question", "a quiz needs", "draw")
            )
        ]
        bank = len(data.get("questions") or [])
        if spec.draw and bank and spec.draw > bank:
            messages.append(
                gettext(
                    "draw %(draw)s is more than the %(bank)s questions",
                    draw=spec.draw,
                    bank=bank,
                )
            )
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
    data, _ = working_copy(quiz, now)
    questions = list(data.get("questions") or [])
    problems = question_problems(question)
    ids = {q.get("id") for q in questions if q.get("id") != replaces}
    if question.get("id") in ids:
        problems.append(
            gettext(
                "another question already has the id %(qid)r", qid=question.get("id")
            )
        )
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


def question_problems(question: Mapping[str, Any]) -> list[str]:
    """The rules of the question's kind it breaks, in the trainer's language."""
    return [translated(text) for text in validate_question(question)]


def delete_question(
    user: User, quiz_id: int, question_id: str, base: int, now: datetime
) -> QuizRevision:
    quiz = get_quiz(quiz_id)
    data, _ = working_copy(quiz, now)
    data["questions"] = [
        q for q in data.get("questions") or [] if q.get("id") != question_id
    ]
    return _store(user, quiz, data, base, f"removed question {question_id}", now)


def publish_quiz(user: User, quiz_id: int, now: datetime) -> Quiz:
    """Make the newest revision live; past attempts keep the revision they used.

    :raise FormInvalid: the quiz as a whole breaks a rule (every problem is listed).
    """
    return revision_rules.publish(QUIZZES, quiz_id, now)


def _apply_quiz(quiz: Quiz, revision: QuizRevision) -> str:
    spec, messages = read_source(revision.source, quiz.slug)
    if spec is not None:
        messages += [translated(p.message) for p in check_quiz(spec)]
    if messages:
        raise FormInvalid({"quiz": "; ".join(messages)})
    quiz.current = revision
    quiz.title, quiz.final, quiz.retired = spec.title, spec.final, False
    return f"published quiz {quiz.slug}"


def try_attempt(quiz: Quiz, rng: random.Random | None = None) -> QuizAttempt:
    """A fresh open attempt at the newest revision, as a participant would get;
    never stored.

    :raise Invalid: the draft has no questions yet.
    """
    revision = latest(quiz.id)
    if revision is None or not revision.definition.get("questions"):
        raise Invalid(gettext("Add questions before trying the quiz."))
    settings = revision.definition["settings"]
    layout = draw_layout(
        revision.definition["questions"],
        draw=settings.get("draw"),
        shuffle=settings.get("shuffle", True),
        rng=rng or random.SystemRandom(),
    )
    attempt = QuizAttempt(layout=layout, status="open")
    attempt.revision = revision
    return attempt


def try_grade(
    quiz: Quiz, layout: list[dict[str, Any]], values: Mapping[str, Sequence[str]]
) -> QuizAttempt:
    """Grade a try-out exactly as a real attempt is graded; nothing is stored.

    :return: a submitted attempt (not in the session) the review page can show.
    :raise Invalid: the quiz changed meanwhile, or the answers name unknown choices.
    """
    revision = latest(quiz.id)
    bank = {q["id"]: q for q in revision.definition["questions"]}
    if any(entry["id"] not in bank for entry in layout):
        raise Invalid(
            gettext("The quiz changed while you were trying it: start again.")
        )
    try:
        answers = read_submission(bank, layout, values)
    except ForgedAnswer as error:
        raise Invalid(str(error)) from error
    pass_mark = revision.definition["settings"]["pass_mark"]
    result = grade_attempt(bank, layout, answers, pass_mark)
    attempt = QuizAttempt(
        layout=layout,
        answers=answers,
        status="submitted",
        pass_mark=pass_mark,
        **graded_columns(result),
    )
    attempt.revision = revision
    return attempt


def restore_quiz(user: User, quiz_id: int, number: int, now: datetime) -> QuizRevision:
    """An old revision's questions and settings become the newest draft."""
    return revision_rules.restore(QUIZZES, quiz_id, number, user, now)


QUIZZES = revision_rules.Kind(
    model=QuizRevision,
    owner="quiz_id",
    load=get_quiz,
    live_data=lambda quiz: data_of(quiz.current) if quiz.current else None,
    columns=_quiz_columns,
    data_of=data_of,
    text_of=lambda revision: revision.source,
    apply=_apply_quiz,
    is_live=lambda quiz: quiz.current is not None,
)
