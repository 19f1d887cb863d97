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


def test_real_programme_is_a_six_month_programme():
    """modules/programme.yaml: about 30 sessions over 24 weeks, linked to the real
    modules, with study visits of 15 places, partner events and two exams."""
    package, problems = check_course(
        ROOT / "modules", ROOT / "quizzes", ROOT / "content" / "media"
    )
    assert problems == []
    programme = package.programme
    assert programme is not None and 28 <= len(programme.sessions) <= 36
    assert all(s.timing.relative for s in programme.sessions)
    assert max(s.timing.week for s in programme.sessions) == 24
    kinds = [s.kind for s in programme.sessions]
    assert kinds.count("exam") == 2 and kinds.count("partner_event") >= 4
    visits = [s for s in programme.sessions if s.kind == "study_visit"]
    assert 4 <= len(visits) <= 5
    assert all(not v.required and v.capacity == 15 for v in visits)
    linked = {slug for s in programme.sessions for slug in s.modules}
    assert linked == {m.slug for m in package.modules}
    organisations = {sp.organisation for s in programme.sessions for sp in s.speakers}
    assert {"State Migration Service", "UNHCR"} <= organisations
    assert len(organisations) >= 6
