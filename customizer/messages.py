"""Translated sentences for the codes the pure modules (``scad``, ``render``) return."""

from __future__ import annotations

from django.utils.translation import gettext as _

from customizer.scad import FieldError, SourceProblem


def field_error(error: FieldError) -> str:
    params = error.params
    messages = {
        "required": _("Please enter a value."),
        "unknown": _("This design has no such measurement."),
        "not_a_number": _("Please enter a number, e.g. 82 or 82.5."),
        "not_finite": _("Please enter an ordinary number."),
        "not_an_integer": _("Please enter a whole number."),
        "not_a_boolean": _("Please choose yes or no."),
        "not_an_option": _("Please choose one of the options offered."),
        "too_precise": _("Please use at most %(places)s decimal places."),
        "below_minimum": _("Please enter at least %(minimum)s."),
        "above_maximum": _("Please enter at most %(maximum)s."),
        "off_step": _("Please enter %(minimum)s or a value in steps of %(step)s from it."),
    }
    message = messages.get(error.code, _("Please check this value."))
    return message % params if params else message


def field_errors(errors: dict[str, list[FieldError]]) -> dict[str, list[str]]:
    return {name: [field_error(e) for e in items] for name, items in errors.items()}


def source_problem(problem: SourceProblem) -> str:
    params = {"name": problem.name, "line": problem.line, "detail": problem.detail}
    messages = {
        "no_range": _(
            "Line %(line)s: “%(name)s” has no range, so people cannot change it. "
            "Add a comment such as // [10:100] after the value."
        ),
        "free_text": _(
            "Line %(line)s: “%(name)s” is free text, so people cannot change it. "
            "Offer options instead, e.g. // [small, large]."
        ),
        "not_literal": _(
            "Line %(line)s: “%(name)s” is not a plain number, yes/no or text, "
            "so people cannot change it."
        ),
        "bad_annotation": _("Line %(line)s: the range or options of “%(name)s” are not readable."),
        "bad_option": _("Line %(line)s: the translated options of “%(name)s” do not match."),
        "default_outside": _("Line %(line)s: the value of “%(name)s” is outside its own range."),
        "file_access": _(
            "Line %(line)s: the source reads another file (%(detail)s). Only designs in "
            "one single file can be customised."
        ),
        "no_parameters": _(
            "The source has no parameters people can change. Put them at the top, "
            "before the first module, each with a range."
        ),
    }
    return messages.get(problem.code, problem.code) % params


def failure(reason: str) -> str:
    messages = {
        "unavailable": _(
            "OpenSCAD is not installed on this server, so designs cannot be rendered now."
        ),
        "timeout": _(
            "Rendering took too long and was stopped. Smaller or simpler settings may work."
        ),
        "crashed": _("OpenSCAD stopped unexpectedly while rendering these settings."),
        "error": _("OpenSCAD could not render these settings. The design's author can see why."),
        "empty": _("These settings give an empty object: there is nothing to print."),
        "refused": _("This design's source reads other files and is not rendered."),
        "stl_unreadable": _("The rendered file could not be read."),
    }
    return messages.get(reason, _("The design could not be rendered."))
