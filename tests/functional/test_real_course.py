"""The real curriculum in modules/ and quizzes/ passes the same checker as the CLI."""

from __future__ import annotations

from portal.config import ROOT
from portal.domain.questions import KINDS
from portal.package import check_course


def test_real_course_passes_course_check():
    package, problems = check_course(
        ROOT / "modules", ROOT / "quizzes", ROOT / "content" / "media"
    )
    assert [str(p) for p in problems] == []
    assert len(package.modules) >= 10
    final = package.final_quiz
    assert final is not None and final.draw == 30 and final.time_limit == 45
    assert final.pass_mark == 75 and final.attempts > 0 and len(final.questions) >= 60
    for quiz in package.quizzes:
        if not quiz.final:
            assert (
                len(quiz.questions) >= 18 and quiz.draw >= 12 and quiz.pass_mark == 70
            )
            assert all(q.get("explanation") for q in quiz.questions), quiz.slug
    used = {q["kind"] for quiz in package.quizzes for q in quiz.questions}
    assert used == set(KINDS)
    for module in package.modules:
        assert 3 <= len(module.lessons) <= 6, module.slug
        words = sum(lesson.words for lesson in module.lessons)
        assert 2500 <= words <= 5200, (module.slug, words)
        assert module.objectives and module.key_terms, module.slug
