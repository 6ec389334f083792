"""OpenSCAD customizer parameters: parse them, describe them as JSON Schema, validate values.

Pure Python, no Django: easy to test and to reason about. Messages for people are not made
here; problems come back as codes with parameters (``FieldError``, ``SourceProblem``) that
``customizer.messages`` turns into translated sentences.

What is read (OpenSCAD's own customizer conventions, plus a few comment lines of ours):

* Top-level assignments of literals before the first other statement (module, function,
  geometry): ``name = value; // annotation``. Values are numbers, ``true``/``false`` or
  strings; vectors and expressions stay as the source says.
* The annotation after the value: ``[min:max]``, ``[min:step:max]``, ``[max]`` (from 0),
  ``[a, b, c]`` or ``[10:Small, 20:Large]`` (values with labels).
* Plain comment lines right above the assignment: its description.
* ``/* [Tab name] */`` starts a group; ``/* [Hidden] */`` hides what follows.
* Our additions, also comment lines right above the assignment:
  ``// en: Title | how to measure it`` and ``// de: Titel | wie man es misst`` (title and
  help per language, the part after ``|`` is optional), ``// unit: mm`` and
  ``// options-de: 10:Klein, 20:Groß`` (option labels per language). A group may be named per
  language: ``/* [en: The cup | de: Der Becher] */``.

Only values that can be checked completely can be changed by people: numbers need a range or
an option list, strings need an option list, booleans are always fine. Everything else keeps
the designer's value and is reported as a ``SourceProblem`` so the designer can add a range.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

LANGUAGES = ("de", "en")
HIDDEN_GROUPS = {"hidden"}
# A number as people and OpenSCAD write it; no exponents, no hex, nothing clever.
NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
IDENTIFIER_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
GROUP_RE = re.compile(r"^/\*\s*\[(?P<name>[^\]]*)\]\s*\*/$")
META_RE = re.compile(r"^(?P<key>[a-z]{2}|unit|options-[a-z]{2})\s*:\s*(?P<value>.*)$")
# Bigger numbers than this are refused even where a range would allow them: they only make
# OpenSCAD slow and say nothing about a real object.
MAX_ABS_NUMBER = Decimal("1000000")
MAX_DECIMAL_PLACES = 6
KEYWORDS = {"module", "function", "include", "use", "if", "for", "let", "each", "else"}


@dataclass(frozen=True)
class Option:
    value: Decimal | str
    labels: dict[str, str] = field(default_factory=dict)  # language -> label; "" = default


@dataclass
class Parameter:
    name: str
    kind: str  # "number", "integer", "boolean", "string"
    default: Decimal | bool | str
    group: str = ""
    group_labels: dict[str, str] = field(default_factory=dict)
    description: str = ""
    titles: dict[str, str] = field(default_factory=dict)
    helps: dict[str, str] = field(default_factory=dict)
    unit: str = ""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    step: Decimal | None = None
    options: list[Option] = field(default_factory=list)
    line: int = 0

    def title(self, language: str) -> str:
        return (
            self.titles.get(language)
            or self.titles.get("en")
            or self.name.replace("_", " ").strip().capitalize()
        )

    def help(self, language: str) -> str:
        return self.helps.get(language) or self.helps.get("en") or self.description

    def group_label(self, language: str) -> str:
        return self.group_labels.get(language) or self.group_labels.get("en") or self.group

    def option_label(self, option: Option, language: str) -> str:
        return option.labels.get(language) or option.labels.get("") or format_value(option.value)


@dataclass(frozen=True)
class SourceProblem:
    """Something in the source a designer should know about. ``code`` is one of
    ``no_range``, ``free_text``, ``not_literal``, ``bad_annotation``, ``default_outside``,
    ``file_access``, ``bad_option``, ``no_parameters``."""

    code: str
    line: int
    name: str = ""
    detail: str = ""


@dataclass
class ParameterSet:
    parameters: list[Parameter]
    problems: list[SourceProblem]

    def by_name(self) -> dict[str, Parameter]:
        return {p.name: p for p in self.parameters}


@dataclass(frozen=True)
class FieldError:
    """``code``: required, unknown, not_a_number, not_a_boolean, not_finite, too_precise,
    below_minimum, above_maximum, off_step, not_an_option, not_an_integer."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


class ValuesInvalid(Exception):
    def __init__(self, errors: dict[str, list[FieldError]]) -> None:
        super().__init__(", ".join(sorted(errors)))
        self.errors = errors


# --- reading the source -------------------------------------------------------------------


def _strip_code(source: str) -> str:
    """The source with comments and string contents blanked (lengths and lines kept)."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            end = source.find("\n", i)
            end = n if end == -1 else end
            out.append(" " * (end - i))
            i = end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end == -1 else end + 2
            out.append("".join(ch if ch == "\n" else " " for ch in source[i:end]))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and source[j] != '"':
                j += 2 if source[j] == "\\" else 1
            j = min(j + 1, n)
            out.append('"' + "".join(ch if ch == "\n" else " " for ch in source[i + 1 : j - 1]))
            out.append('"' if j - i >= 2 else "")
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


FILE_ACCESS_RE = re.compile(r"\b(include|use)\s*<|\b(import|surface)\s*\(")


def file_access(source: str) -> list[SourceProblem]:
    """Every place where the source would read another file (include, use, import,
    surface). Only the one ``.scad`` file is given to OpenSCAD, so each one is refused."""
    code = _strip_code(source)
    problems = []
    for match in FILE_ACCESS_RE.finditer(code):
        line = code.count("\n", 0, match.start()) + 1
        problems.append(
            SourceProblem("file_access", line, detail=match.group(1) or match.group(2) or "")
        )
    return problems


def _parse_literal(text: str) -> tuple[Decimal | bool | str | None, str, str]:
    """Read one literal at the start of ``text``: (value, kind, rest). Kind is "number",
    "boolean", "string", "vector" or "" (not a literal: value None)."""
    text = text.lstrip()
    if text.startswith('"'):
        chars: list[str] = []
        i = 1
        while i < len(text):
            c = text[i]
            if c == "\\" and i + 1 < len(text):
                chars.append({"n": "\n", "t": "\t", "r": "\r"}.get(text[i + 1], text[i + 1]))
                i += 2
                continue
            if c == '"':
                return "".join(chars), "string", text[i + 1 :]
            chars.append(c)
            i += 1
        return None, "", text
    for word, value in (("true", True), ("false", False)):
        if re.match(rf"{word}\b", text):
            return value, "boolean", text[len(word) :]
    match = NUMBER_RE.match(text)
    if match and not re.match(r"[\w.]", text[match.end() : match.end() + 1]):
        return Decimal(match.group()), "number", text[match.end() :]
    if text.startswith("["):
        depth = 0
        for i, c in enumerate(text):
            depth += c == "["
            depth -= c == "]"
            if depth == 0:
                return None, "vector", text[i + 1 :]
    return None, "", text


def _split_annotation(comment: str) -> str | None:
    """The ``[...]`` of a trailing comment, without brackets, or None."""
    comment = comment.strip()
    if comment.startswith("[") and comment.endswith("]"):
        return comment[1:-1]
    return None


def _number(text: str) -> Decimal | None:
    text = text.strip()
    if NUMBER_RE.fullmatch(text):
        return Decimal(text)
    return None


def _options(text: str, kind: str) -> list[Option] | None:
    """``a, b, c`` or ``10:Small, 20:Large`` (labels may not contain commas)."""
    options = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            return None
        value_text, _, label = part.partition(":")
        value_text, label = value_text.strip(), label.strip()
        if kind == "number":
            number = _number(value_text)
            if number is None:
                return None
            value: Decimal | str = number
        else:
            value = value_text.strip('"')
            # Options go to OpenSCAD as quoted literals: keep them to plain words.
            if not value or any(ord(ch) < 32 or ch in '"\\;' for ch in value):
                return None
        options.append(Option(value, {"": label} if label else {}))
    return options


def _apply_annotation(param: Parameter, annotation: str, problems: list[SourceProblem]) -> None:
    parts = annotation.split(":")
    numbers = [_number(p) for p in parts]
    numeric = param.kind in ("number", "integer") and "," not in annotation
    if numeric and len(parts) in (1, 2, 3) and all(n is not None for n in numbers):
        values = [n for n in numbers if n is not None]
        if len(values) == 1:
            param.minimum, param.maximum = Decimal(0), values[0]
        elif len(values) == 2:
            param.minimum, param.maximum = values
        else:
            param.minimum, param.step, param.maximum = values
        if param.minimum > param.maximum or (param.step is not None and param.step <= 0):
            problems.append(SourceProblem("bad_annotation", param.line, param.name))
            param.minimum = param.maximum = param.step = None
        return
    kind = "number" if param.kind in ("number", "integer") else "string"
    options = _options(annotation, kind)
    if options is None:
        problems.append(SourceProblem("bad_annotation", param.line, param.name, annotation))
        return
    param.options = options


def _apply_meta(param: Parameter, comments: list[str]) -> None:
    plain = []
    for text in comments:
        match = META_RE.match(text)
        key = match.group("key") if match else ""
        if match and key in LANGUAGES:
            title, _, help_text = match.group("value").partition("|")
            if title.strip():
                param.titles[key] = title.strip()
            if help_text.strip():
                param.helps[key] = help_text.strip()
        elif match and key == "unit":
            param.unit = match.group("value").strip()
        elif match and key.startswith("options-") and key[8:] in LANGUAGES:
            param.helps.setdefault("_options_" + key[8:], match.group("value"))
        else:
            plain.append(text)
    param.description = " ".join(plain).strip()


def _apply_option_labels(param: Parameter, problems: list[SourceProblem]) -> None:
    for language in LANGUAGES:
        text = param.helps.pop("_options_" + language, None)
        if text is None or not param.options:
            continue
        kind = "number" if param.kind in ("number", "integer") else "string"
        labelled = _options(text, kind) or []
        by_value = {option.value: option.labels.get("", "") for option in labelled}
        if not labelled or set(by_value) - {o.value for o in param.options}:
            problems.append(SourceProblem("bad_option", param.line, param.name, text))
            continue
        param.options = [
            Option(o.value, {**o.labels, language: by_value[o.value]})
            if by_value.get(o.value)
            else o
            for o in param.options
        ]


def _group_labels(name: str) -> tuple[str, dict[str, str]]:
    labels: dict[str, str] = {}
    for part in name.split("|"):
        match = META_RE.match(part.strip())
        if match and match.group("key") in LANGUAGES:
            labels[match.group("key")] = match.group("value").strip()
    if not labels:
        return name.strip(), {}
    return labels.get("en") or next(iter(labels.values())), labels


def _is_integral(value: Decimal) -> bool:
    return value == value.to_integral_value()


def _check_default(param: Parameter, problems: list[SourceProblem]) -> bool:
    if param.options:
        if param.default not in [o.value for o in param.options]:
            problems.append(SourceProblem("default_outside", param.line, param.name))
            return False
        return True
    if param.kind in ("number", "integer"):
        assert isinstance(param.default, Decimal)
        if param.minimum is None or param.maximum is None:
            problems.append(SourceProblem("no_range", param.line, param.name))
            return False
        if _check_number(param, param.default):
            problems.append(SourceProblem("default_outside", param.line, param.name))
            return False
    return True


def parse(source: str) -> ParameterSet:
    """Read the parameters people may change, and what is wrong with the rest."""
    parameters: list[Parameter] = []
    problems: list[SourceProblem] = []
    group = ""
    group_labels: dict[str, str] = {}
    comments: list[str] = []
    in_block = False
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if in_block:
            in_block = "*/" not in line
            continue
        if not line:
            comments = []
            continue
        group_match = GROUP_RE.match(line)
        if group_match:
            group, group_labels = _group_labels(group_match.group("name"))
            comments = []
            continue
        if line.startswith("/*"):
            in_block = "*/" not in line
            comments = []
            continue
        if line.startswith("//"):
            comments.append(line[2:].strip())
            continue
        if re.match(r"(include|use)\s*<", line):
            comments = []
            continue  # refused by file_access below; the parameters may follow
        match = re.match(rf"({IDENTIFIER_RE.pattern})\s*=", line)
        if not match or match.group(1) in KEYWORDS:
            break  # the parameters end where the first other statement starts
        name = match.group(1)
        value, kind, rest = _parse_literal(line[match.end() :])
        rest = rest.strip()
        if not rest.startswith(";"):
            problems.append(SourceProblem("not_literal", number, name))
            comments = []
            continue
        trailing = rest[1:].strip()
        annotation = _split_annotation(trailing[2:]) if trailing.startswith("//") else None
        hidden = group.lower() in HIDDEN_GROUPS
        if kind in ("", "vector") or value is None:
            if not hidden:
                problems.append(SourceProblem("not_literal", number, name))
            comments = []
            continue
        param_kind = {"number": "number", "boolean": "boolean", "string": "string"}[kind]
        param = Parameter(
            name=name,
            kind=param_kind,
            default=value,
            group=group,
            group_labels=dict(group_labels),
            line=number,
        )
        _apply_meta(param, comments)
        comments = []
        if hidden:
            continue
        if annotation is not None and kind != "boolean":
            _apply_annotation(param, annotation, problems)
        _apply_option_labels(param, problems)
        if kind == "string" and not param.options:
            problems.append(SourceProblem("free_text", number, name))
            continue
        if (
            param.kind == "number"
            and not param.options
            and all(
                v is None or (isinstance(v, Decimal) and _is_integral(v))
                for v in (param.default, param.minimum, param.maximum, param.step)
            )
        ):
            param.kind = "integer"
        if param.options and all(
            isinstance(o.value, Decimal) and _is_integral(o.value) for o in param.options
        ):
            param.kind = "integer" if param.kind == "number" else param.kind
        if _check_default(param, problems):
            parameters.append(param)
    if not parameters:
        problems.append(SourceProblem("no_parameters", 0))
    problems.extend(file_access(source))
    return ParameterSet(parameters, problems)


# --- JSON Schema ----------------------------------------------------------------------------


def _json_number(value: Decimal) -> int | float:
    return int(value) if _is_integral(value) else float(value)


def _json_value(value: Decimal | bool | str) -> Any:
    if isinstance(value, Decimal):
        return _json_number(value)
    return value


def format_value(value: Decimal | bool | str) -> str:
    """A value as people read it (and as the cache key stores it)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text if text not in ("-0", "-0.0") else "0"
    return value


def json_schema(parameter_set: ParameterSet, *, language: str, title: str = "") -> dict:
    """The form as a JSON Schema object. Besides the standard keywords every property has
    ``x-unit``, ``x-group``, ``x-step`` (the slider step, counted from the minimum) and,
    with options, ``x-enum-labels`` (one label per ``enum`` member)."""
    properties: dict[str, dict] = {}
    for param in parameter_set.parameters:
        prop: dict[str, Any] = {
            "type": param.kind,
            "title": param.title(language),
            "description": param.help(language),
            "default": _json_value(param.default),
        }
        if param.options:
            prop["enum"] = [_json_value(o.value) for o in param.options]
            prop["x-enum-labels"] = [param.option_label(o, language) for o in param.options]
        elif param.kind in ("number", "integer"):
            assert param.minimum is not None and param.maximum is not None
            prop["minimum"] = _json_number(param.minimum)
            prop["maximum"] = _json_number(param.maximum)
            if param.step is not None:
                prop["x-step"] = _json_number(param.step)
                # JSON Schema counts multiples from zero, OpenSCAD from the minimum: say
                # multipleOf only where both agree.
                if _is_integral(param.minimum / param.step):
                    prop["multipleOf"] = _json_number(param.step)
        prop["x-unit"] = param.unit
        prop["x-group"] = param.group_label(language)
        properties[param.name] = prop
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if title:
        schema["title"] = title
    return schema


# --- values -----------------------------------------------------------------------------------


def _check_number(param: Parameter, value: Decimal) -> FieldError | None:
    if param.kind == "integer" and not _is_integral(value):
        return FieldError("not_an_integer")
    if param.minimum is not None and value < param.minimum:
        return FieldError("below_minimum", {"minimum": format_value(param.minimum)})
    if param.maximum is not None and value > param.maximum:
        return FieldError("above_maximum", {"maximum": format_value(param.maximum)})
    off_step = (
        param.step is not None
        and param.minimum is not None
        and not _is_integral((value - param.minimum) / param.step)
    )
    if off_step:
        assert param.step is not None and param.minimum is not None
        return FieldError(
            "off_step",
            {"step": format_value(param.step), "minimum": format_value(param.minimum)},
        )
    return None


def _to_decimal(raw: Any) -> Decimal | FieldError:
    if isinstance(raw, bool) or raw is None:
        return FieldError("not_a_number")
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            return FieldError("not_finite")
        value = Decimal(repr(raw))
    elif isinstance(raw, str):
        text = raw.strip().replace(",", ".", 1) if raw.count(",") == 1 else raw.strip()
        if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            return FieldError("not_finite")
        if not NUMBER_RE.fullmatch(text):
            return FieldError("not_a_number")
        try:
            value = Decimal(text)
        except InvalidOperation:
            return FieldError("not_a_number")
    else:
        return FieldError("not_a_number")
    if not value.is_finite():
        return FieldError("not_finite")
    if abs(value) > MAX_ABS_NUMBER:
        return FieldError("above_maximum", {"maximum": format_value(MAX_ABS_NUMBER)})
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMAL_PLACES:
        return FieldError("too_precise", {"places": MAX_DECIMAL_PLACES})
    return value


def _to_boolean(raw: Any) -> bool | FieldError:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "on", "1", "yes"):
        return True
    if isinstance(raw, str) and raw.strip().lower() in ("false", "off", "0", "no", ""):
        return False
    return FieldError("not_a_boolean")


def clean_value(param: Parameter, raw: Any) -> Decimal | bool | str | FieldError:
    """One value checked against its parameter; the cleaned value or the error."""
    if param.kind == "boolean":
        return _to_boolean(raw)
    if param.kind == "string":
        for option in param.options:
            if isinstance(raw, str) and raw == option.value:
                return option.value
        return FieldError("not_an_option")
    number = _to_decimal(raw)
    if isinstance(number, FieldError):
        return number
    if param.options:
        for option in param.options:
            if option.value == number:
                return option.value
        return FieldError("not_an_option")
    return _check_number(param, number) or number


def clean_values(
    parameter_set: ParameterSet, raw: dict[str, Any], *, fill_defaults: bool = True
) -> dict[str, Decimal | bool | str]:
    """All values checked; missing ones take the default (unless ``fill_defaults`` is
    false, when they are errors). Raises ``ValuesInvalid`` with every field's errors."""
    params = parameter_set.by_name()
    errors: dict[str, list[FieldError]] = {}
    cleaned: dict[str, Decimal | bool | str] = {}
    for key in raw:
        if key not in params:
            errors[str(key)[:80]] = [FieldError("unknown")]
    for name, param in params.items():
        if name not in raw:
            if fill_defaults:
                cleaned[name] = param.default
            else:
                errors[name] = [FieldError("required")]
            continue
        value = clean_value(param, raw[name])
        if isinstance(value, FieldError):
            errors[name] = [value]
        else:
            cleaned[name] = value
    if errors:
        raise ValuesInvalid(errors)
    return cleaned


def canonical(values: dict[str, Decimal | bool | str]) -> list[tuple[str, str]]:
    """Values in one fixed order and spelling: equal parameter sets give equal lists."""
    return [(name, format_value(values[name])) for name in sorted(values)]


def openscad_literal(param: Parameter, value: Decimal | bool | str) -> str:
    """The value as an OpenSCAD literal, built only from a cleaned value: a number written
    digit by digit, ``true``/``false``, or one of the designer's own options quoted."""
    if param.kind == "boolean":
        if not isinstance(value, bool):
            raise TypeError(param.name)
        return "true" if value else "false"
    if param.kind == "string":
        if value not in [o.value for o in param.options] or not isinstance(value, str):
            raise ValueError(param.name)
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if not isinstance(value, Decimal) or isinstance(value, bool) or not value.is_finite():
        raise TypeError(param.name)
    text = format_value(value)
    if not NUMBER_RE.fullmatch(text):
        raise ValueError(param.name)
    return text


def define_arguments(
    parameter_set: ParameterSet, values: dict[str, Decimal | bool | str]
) -> list[str]:
    """``-D name=literal`` arguments for OpenSCAD, one pair per parameter, names from the
    source only. Pass them in an argument list, never through a shell."""
    params = parameter_set.by_name()
    args: list[str] = []
    for name in sorted(values):
        param = params[name]
        if not IDENTIFIER_RE.fullmatch(param.name):
            raise ValueError(param.name)
        args += ["-D", f"{param.name}={openscad_literal(param, values[name])}"]
    return args
