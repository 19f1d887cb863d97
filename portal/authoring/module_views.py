"""Studio pages for one module's description: the editor, publishing, history."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.authoring.blueprint import bp, trainers
from portal.authoring.forms import ModuleForm, TitleForm
from portal.authoring.history import compared, render_history
from portal.formtools import options
from portal.models import Module, ModuleRevision
from portal.reports.members import publishing_impact
from portal.services import lesson_authoring as lessons
from portal.services import module_authoring as service
from portal.services import quiz_authoring
from portal.services.errors import FormInvalid
from portal.timeutil import utcnow


@bp.route("/modules", methods=["POST"])
@trainers
def new_module():
    form = TitleForm(prefix="new-module")
    if form.validate_on_submit():
        module = service.create_module(current_user, form.title.data, utcnow())
        return redirect(url_for("authoring.module", module_id=module.id))
    flash(_("Give the module a title."), "error")
    return redirect(url_for("authoring.studio"))


def _module_form(module: Module, draft: ModuleRevision) -> ModuleForm:
    data = draft.data
    form = ModuleForm(
        data={
            **data,
            "base": draft.number,
            # 0 is how a new module stores "sum of the lessons": show it empty, or
            # the first save is refused by the field's 1..10000 range.
            "minutes": data.get("minutes") or None,
            "objectives": "\n".join(data.get("objectives") or []),
            "key_terms": "\n".join(f"{t}: {d}" for t, d in data.get("key_terms") or []),
        }
    )
    others = [m for m in lessons.outline() if m.id != module.id and not m.retired]
    form.prerequisites.choices = options((m.slug, m.title) for m in others)
    form.quiz.choices = options(
        [("", _("No quiz"))]
        + [(q.slug, q.title) for q in quiz_authoring.quizzes() if not q.final]
    )
    return form


def _module_data(form: ModuleForm) -> dict:
    terms = []
    for line in (form.key_terms.data or "").splitlines():
        term, _sep, definition = line.partition(":")
        if term.strip():
            terms.append([term.strip(), definition.strip()])
    return {
        "title": form.title.data.strip(),
        "summary": (form.summary.data or "").strip(),
        "minutes": form.minutes.data,
        "objectives": [
            o.strip() for o in (form.objectives.data or "").splitlines() if o.strip()
        ],
        "prerequisites": list(form.prerequisites.data or []),
        "key_terms": terms,
        "quiz": form.quiz.data or "",
        "intro": form.intro.data or "",
    }


@bp.route("/modules/<int:module_id>", methods=["GET", "POST"])
@trainers
def module(module_id: int):
    module = lessons.get_module(module_id)
    draft = service.module_draft(module, utcnow())
    form = _module_form(module, draft)
    if form.validate_on_submit():
        base, note = int(form.base.data or 0), form.note.data or ""
        data = _module_data(form)
        service.save_module(current_user, module_id, data, base, note, utcnow())
        flash(_("Draft saved. Publish it to make it live."), "info")
        return redirect(url_for("authoring.module", module_id=module_id))
    return render_template(
        "authoring/module.html",
        module=module,
        form=form,
        lessons=lessons.module_lessons(module_id),
        lesson_form=TitleForm(prefix="new-lesson"),
        latest=draft,
        impact=publishing_impact(),
    )


@bp.route("/modules/<int:module_id>/publish", methods=["POST"])
@trainers
def publish_module(module_id: int):
    try:
        service.publish_module(current_user, module_id, utcnow())
    except FormInvalid as error:
        flash(_("Not published: %(m)s", m=error.message), "error")
    else:
        flash(_("The module is live."), "info")
    return redirect(url_for("authoring.module", module_id=module_id))


@bp.route("/modules/<int:module_id>/history")
@trainers
def module_history(module_id: int):
    return render_history(
        lessons.get_module(module_id),
        "modules",
        service.module_history(module_id, *compared()),
    )
