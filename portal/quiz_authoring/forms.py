"""Forms of the quiz editor: a new quiz, its settings and one question."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from portal.domain.questions import KINDS
from portal.domain.quiz_review import (
    DEFAULT_SHOW_ANSWERS,
    DEFAULT_SHOW_MARKS,
    ShowAnswers,
)
from portal.formtools import PortalForm
from portal.formtools import options as choices

SLUG = Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Lowercase words and hyphens."))


class NewQuizForm(PortalForm):
    slug = StringField(
        _l("Slug (stable id)"), validators=[DataRequired(), Length(max=100), SLUG]
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    final = BooleanField(_l("This is the final assessment"))


class QuizSettingsForm(PortalForm):
    base = HiddenField()
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    pass_mark = IntegerField(
        _l("Pass mark (%)"), validators=[DataRequired(), NumberRange(1, 100)]
    )
    attempts = IntegerField(
        _l("Attempts allowed (0 = unlimited)"),
        validators=[Optional(), NumberRange(0, 100)],
    )
    time_limit = IntegerField(
        _l("Time limit in minutes (empty: none)"),
        validators=[Optional(), NumberRange(1, 600)],
    )
    draw = IntegerField(
        _l("Questions drawn per attempt (empty: all)"),
        validators=[Optional(), NumberRange(1, 500)],
    )
    shuffle = BooleanField(_l("Shuffle questions and options"))
    after_lessons = BooleanField(
        _l("Opens only once every lesson of its module is complete")
    )
    show_answers = SelectField(
        _l("The review shows the correct answers and explanations"),
        choices=choices(
            [
                (
                    ShowAnswers.AFTER_LAST_ATTEMPT,
                    _l("after the last attempt or a pass"),
                ),
                (ShowAnswers.ALWAYS, _l("after every attempt")),
                (ShowAnswers.NEVER, _l("never")),
            ]
        ),
        default=DEFAULT_SHOW_ANSWERS,
    )
    show_marks = BooleanField(
        _l("The review shows the marks of each question"), default=DEFAULT_SHOW_MARKS
    )
    intro = TextAreaField(
        _l("Introduction shown before starting"),
        validators=[Optional(), Length(max=5000)],
    )


class QuestionForm(PortalForm):
    base = HiddenField()
    id = StringField(
        _l("Id (stable)"), validators=[DataRequired(), Length(max=80), SLUG]
    )
    kind = SelectField(
        _l("Kind"), choices=choices((k, v.label) for k, v in KINDS.items())
    )
    points = StringField(
        _l("Points"), default="1", validators=[Optional(), Length(max=10)]
    )
    prompt = TextAreaField(_l("Question (Markdown)"), validators=[Length(max=5000)])
    options = TextAreaField(
        _l("Options, one per line; start correct ones with *"),
        description=_l("Example: “* Refugee” marks a correct option."),
        validators=[Optional(), Length(max=5000)],
    )
    answer = SelectField(
        _l("Correct answer"),
        choices=choices([("true", _l("True")), ("false", _l("False"))]),
        default="true",
        validate_choice=False,  # only read for true/false questions
    )
    answers = TextAreaField(
        _l("Accepted answers, one per line"),
        description=_l("Case, and extra spaces, are ignored when grading."),
        validators=[Optional(), Length(max=2000)],
    )
    number = StringField(_l("Correct number"), validators=[Optional(), Length(max=40)])
    tolerance = StringField(
        _l("Tolerance (±)"), validators=[Optional(), Length(max=40)]
    )
    items = TextAreaField(
        _l("Items in the correct order, one per line"),
        validators=[Optional(), Length(max=5000)],
    )
    pairs = TextAreaField(
        _l("Pairs, one per line as “left = right”"),
        validators=[Optional(), Length(max=5000)],
    )
    explanation = TextAreaField(
        _l("Explanation shown in the review"), validators=[Optional(), Length(max=5000)]
    )
