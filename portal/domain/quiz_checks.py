"""The package rules about quizzes: settings, questions, and which module owns each."""

from __future__ import annotations

from portal.domain.course_data import SLUG, CoursePackage, ModuleSpec, Problem, QuizSpec
from portal.domain.questions import validate_question
from portal.domain.quiz_review import ShowAnswers
from portal.domain.text import N_


def check_quiz(quiz: QuizSpec) -> list[Problem]:
    """Every rule one quiz file must satisfy on its own (also run on browser edits)."""
    problems = []
    line = quiz.lines.get
    if not SLUG.match(quiz.slug):
        problems.append(
            Problem.of(
                quiz.path,
                line("slug", 1),
                N_("slug %(slug)r must be lowercase words and hyphens"),
                slug=quiz.slug,
            )
        )
    if not 0 < quiz.pass_mark <= 100:
        problems.append(
            Problem.of(
                quiz.path,
                line("pass_mark", 1),
                N_("pass_mark must be a percentage from 1 to 100"),
            )
        )
    if quiz.attempts < 0:
        problems.append(
            Problem.of(
                quiz.path,
                line("attempts", 1),
                N_("attempts must be 0 (unlimited) or more"),
            )
        )
    if quiz.time_limit is not None and quiz.time_limit <= 0:
        problems.append(
            Problem.of(
                quiz.path,
                line("time_limit", 1),
                N_("time_limit must be a number of minutes above zero"),
            )
        )
    if not quiz.questions:
        problems.append(
            Problem.of(quiz.path, line("questions", 1), N_("a quiz needs questions"))
        )
    if quiz.final and quiz.after_lessons:
        problems.append(
            Problem.of(
                quiz.path,
                line("after_lessons", 1),
                N_(
                    "after_lessons is for module quizzes: the final assessment opens "
                    "once every module is complete"
                ),
            )
        )
    if quiz.show_answers and quiz.show_answers not in set(ShowAnswers):
        problems.append(
            Problem.of(
                quiz.path,
                line("show_answers", 1),
                N_(
                    "show_answers must be always, after_last_attempt or never, "
                    "not %(value)s"
                ),
                value=quiz.show_answers,
            )
        )
    if quiz.draw is not None and not 0 < quiz.draw <= len(quiz.questions):
        problems.append(
            Problem.of(
                quiz.path,
                line("draw", 1),
                N_(
                    "draw %(draw)s must be between 1 and the "
                    "%(bank)s questions in the bank"
                ),
                draw=quiz.draw,
                bank=len(quiz.questions),
            )
        )
    ids: set[str] = set()
    for question, qline in zip(quiz.questions, quiz.question_lines, strict=True):
        qid = question.get("id")
        if not isinstance(qid, str) or not SLUG.match(qid):
            problems.append(
                Problem.of(
                    quiz.path,
                    qline,
                    N_("every question needs an 'id' of lowercase words and hyphens"),
                )
            )
        elif qid in ids:
            problems.append(
                Problem.of(
                    quiz.path, qline, N_("question id %(qid)r is used twice"), qid=qid
                )
            )
        ids.add(str(qid))
        for message in validate_question(question):
            problems.append(
                Problem.of(
                    quiz.path,
                    qline,
                    N_("question %(qid)s: %(problem)s"),
                    qid=qid,
                    problem=message,
                )
            )
    return problems


def check_quiz_ownership(package: CoursePackage) -> list[Problem]:
    """Each quiz belongs to exactly one module, or is the one final assessment."""
    problems = []
    quizzes = {q.slug: q for q in package.quizzes}
    seen: dict[str, ModuleSpec] = {}
    for quiz in package.quizzes:
        if sum(q.slug == quiz.slug for q in package.quizzes) > 1:
            problems.append(
                Problem.of(
                    quiz.path,
                    quiz.lines.get("slug", 1),
                    N_("quiz slug %(slug)r is used by two files"),
                    slug=quiz.slug,
                )
            )
    for module in package.modules:
        if module.quiz is None:
            continue
        line = module.lines.get("quiz", 1)
        quiz = quizzes.get(module.quiz)
        if quiz is None:
            problems.append(
                Problem.of(
                    module.path,
                    line,
                    N_("quiz %(slug)r is not in quizzes/"),
                    slug=module.quiz,
                )
            )
        elif quiz.final:
            problems.append(
                Problem.of(
                    module.path,
                    line,
                    N_("quiz %(slug)r is the final assessment"),
                    slug=module.quiz,
                )
            )
        elif module.quiz in seen:
            problems.append(
                Problem.of(
                    module.path,
                    line,
                    N_("quiz %(slug)r already belongs to %(path)s"),
                    slug=module.quiz,
                    path=seen[module.quiz].path,
                )
            )
        seen.setdefault(module.quiz, module)
    finals = [q for q in package.quizzes if q.final]
    for extra in finals[1:]:
        problems.append(
            Problem.of(
                extra.path,
                extra.lines.get("final", 1),
                N_("only one final assessment is allowed (%(path)s is one)"),
                path=finals[0].path,
            )
        )
    for quiz in package.quizzes:
        if not quiz.final and quiz.slug not in seen:
            problems.append(
                Problem.of(
                    quiz.path,
                    1,
                    N_(
                        "no module names this quiz: add "
                        "'quiz: %(slug)s' to a module.md, or 'final: true'"
                    ),
                    slug=quiz.slug,
                )
            )
    return problems
