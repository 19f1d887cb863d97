"""Every message a service raises reaches a page, so it goes through gettext: a plain
literal would show English on Azerbaijani and Russian pages, and `make messages`
would never see it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parents[2] / "portal"
SERVICE_FOLDERS = ("services", "reports")
#: Messages written for the command line only (``flask users create`` and
#: ``set-password`` print them; no page shows them), so they stay in English.
CLI_ONLY = {
    ("services/users.py", "create_user"),
    ("services/users.py", "set_password"),
}


def _is_plain_text(node: ast.AST) -> bool:
    """A string literal, an f-string, or one built from them with + or %."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _is_plain_text(node.left)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and _is_plain_text(node.func.value)
    return False


def _dict_values(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Dict):
        return list(node.values)
    if isinstance(node, ast.DictComp):
        return [node.value]
    return []


def _error_dicts(tree: ast.AST) -> set[str]:
    """Names of the dicts a module hands to ``FormInvalid`` (``errors``, ...)."""
    return {"errors"} | {
        arg.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "FormInvalid"
        for arg in node.args
        if isinstance(arg, ast.Name)
    }


def _messages(node: ast.AST, dicts: set[str]) -> list[ast.AST]:
    """The message expressions one statement or call gives to the user."""
    if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
        return list(node.exc.args) + [k.value for k in node.exc.keywords]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "FormInvalid"
    ):
        return [value for arg in node.args for value in _dict_values(arg)]
    if isinstance(node, ast.Assign):
        found = []
        for target in node.targets:
            name = target.value if isinstance(target, ast.Subscript) else target
            if isinstance(name, ast.Name) and name.id in dicts:
                found += (
                    [node.value]
                    if isinstance(target, ast.Subscript)
                    else _dict_values(node.value)
                )
        return found
    return []


def untranslated_messages(source: str) -> list[tuple[str, str]]:
    """(function, text) for every user-visible message written as plain text."""
    tree = ast.parse(source)
    dicts = _error_dicts(tree)
    found = []
    functions = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    for function in functions:
        inner = {
            id(n)
            for f in ast.walk(function)
            if f is not function and isinstance(f, ast.FunctionDef)
            for n in ast.walk(f)
        }
        for node in ast.walk(function):
            if id(node) in inner:
                continue  # reported under the nested function's own name
            found += [
                (function.name, ast.get_source_segment(source, message))
                for message in _messages(node, dicts)
                if _is_plain_text(message)
            ]
    return found


def _code() -> list[Path]:
    return sorted(p for name in SERVICE_FOLDERS for p in (PORTAL / name).rglob("*.py"))


def _name(path: Path) -> str:
    return str(path.relative_to(PORTAL))


@pytest.mark.parametrize("path", _code(), ids=_name)
def test_service_messages_go_through_gettext(path):
    found = untranslated_messages(path.read_text(encoding="utf-8"))
    assert [
        (function, text)
        for function, text in found
        if (_name(path), function) not in CLI_ONLY
    ] == []


def test_the_command_line_exceptions_still_exist():
    """An entry of CLI_ONLY that matches nothing would hide a future message."""
    for module, function in CLI_ONLY:
        source = (PORTAL / module).read_text(encoding="utf-8")
        assert function in {f for f, _ in untranslated_messages(source)}


def _in_function(body: str) -> str:
    return "def use_case():\n" + "".join(f"    {line}\n" for line in body.splitlines())


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ('raise NotFound("No such module.")', ['"No such module."']),
        ('raise Forbidden(f"Closed on {day}.")', ['f"Closed on {day}."']),
        ('raise Invalid("a " + kind)', ['"a " + kind']),
        ('raise Invalid("%s missing" % name)', ['"%s missing" % name']),
        ('raise Invalid("{} missing".format(name))', ['"{} missing".format(name)']),
        (
            'raise Conflict(message="Saved by someone else.")',
            ['"Saved by someone else."'],
        ),
        (
            'raise FormInvalid({"cv": "The CV must be a PDF."})',
            ['"The CV must be a PDF."'],
        ),
        ('raise FormInvalid({c: "Give a score." for c in names})', ['"Give a score."']),
        ('errors["name"] = "Taken."\nraise FormInvalid(errors)', ['"Taken."']),
        ('missing = {c: "Give a score." for c in names}', []),
        (
            'missing = {c: "Give a score." for c in names}\nraise FormInvalid(missing)',
            ['"Give a score."'],
        ),
        (
            'errors = {"title": "the module needs a title"}',
            ['"the module needs a title"'],
        ),
        ('raise NotFound(_("No such module."))', []),
        ('raise NotFound(gettext("No such %(x)s.", x=thing))', []),
        ('raise FormInvalid({"cv": _("The CV must be a PDF.")})', []),
        ('errors["name"] = _("Taken.")', []),
        ("raise Locked(module.title)", []),
        ("raise FormInvalid(errors)", []),
        ('raise FormInvalid({"body": "; ".join(problems)})', []),
        ("raise", []),
        ("raise NotFound", []),
        ('labels["x"] = "not a message"', []),
        ('text = "not raised"', []),
    ],
)
def test_the_untranslated_message_detector(body, found):
    assert [text for _, text in untranslated_messages(_in_function(body))] == found


def test_the_detector_names_the_function():
    source = (
        'def outer():\n    def inner():\n        raise Invalid("x")\n    return inner\n'
    )
    assert untranslated_messages(source) == [("inner", '"x"')]


def plain_flask_forms(source: str) -> list[str]:
    """Form classes built on FlaskForm itself, whose validator messages would stay
    English on Azerbaijani pages (WTForms ships no Azerbaijani catalogue)."""
    return [
        node.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef)
        and any(
            (isinstance(base, ast.Name) and base.id == "FlaskForm")
            or (isinstance(base, ast.Attribute) and base.attr == "FlaskForm")
            for base in node.bases
        )
    ]


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("class LoginForm(FlaskForm):\n    pass", ["LoginForm"]),
        ("class LoginForm(flask_wtf.FlaskForm):\n    pass", ["LoginForm"]),
        ("class LoginForm(PortalForm):\n    pass", []),
        ("class Row(Form):\n    pass", []),
    ],
)
def test_the_plain_flask_form_detector(source, found):
    assert plain_flask_forms(source) == found


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(PORTAL.rglob("*.py")) if p.name != "formtools.py"],
    ids=_name,
)
def test_forms_translate_wtforms_messages(path):
    assert plain_flask_forms(path.read_text(encoding="utf-8")) == []
