"""The part of A11yJSON (https://sozialhelden.github.io/a11yjson/) that MakerHub stores for a
space: the ``Accessibility`` object of a ``PlaceInfo``. Pure module: validation, feature
flags and plain-words statements, no database.

A missing property means *unknown*; ``null`` for a list means *there is none*. Properties
named ``x-makerhub-*`` are our extensions where A11yJSON has no field yet (quiet room,
lighting notes, assistance times, communication forms)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from jsonschema import Draft202012Validator

_LENGTH = {
    "type": "object",
    "properties": {
        "value": {"type": "number", "minimum": 0},
        "unit": {"enum": ["mm", "cm", "m", "in"]},
    },
    "required": ["value", "unit"],
    "additionalProperties": False,
}
_LOCALIZED = {
    "anyOf": [
        {"type": "string", "maxLength": 500},
        {"type": "object", "additionalProperties": {"type": "string", "maxLength": 500}},
    ]
}
_BOOL = {"type": "boolean"}


def _obj(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "additionalProperties": False}


def _list_or_null(item: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [{"type": "array", "items": item, "maxItems": 20}, {"type": "null"}]}


_DOOR = _obj(
    {
        "width": _LENGTH,
        "thresholdHeight": _LENGTH,
        "isAutomatic": _BOOL,
        "needsDoorbell": _BOOL,
        "doorbellTopButtonHeight": _LENGTH,
        "hasErgonomicDoorHandle": _BOOL,
    }
)
_ENTRANCE = _obj(
    {
        "name": _LOCALIZED,
        "isMainEntrance": _BOOL,
        "isLevel": _BOOL,
        "hasFixedRamp": _BOOL,
        "hasRemovableRamp": _BOOL,
        "stairs": _obj({"count": {"type": "integer", "minimum": 0}, "stepHeight": _LENGTH}),
        "door": _DOOR,
    }
)
_RESTROOM = _obj(
    {
        "name": _LOCALIZED,
        "isAccessibleWithWheelchair": _BOOL,
        "turningSpaceInside": _LENGTH,
        "hasSupportRails": _BOOL,
        "hasEmergencyPullstring": _BOOL,
        "toilet": _obj({"hasGrabBars": _BOOL, "heightOfBase": _LENGTH}),
        "entrance": _ENTRANCE,
    }
)
_DESK = _obj(
    {
        "name": _LOCALIZED,
        "isRollUnderAccessible": _BOOL,
        "fixedHeight": _LENGTH,
        "minimalHeight": _LENGTH,
        "maximalHeight": _LENGTH,
    }
)
_PARKING = _obj(
    {
        "count": {"type": "integer", "minimum": 0},
        "forWheelchairUsers": _obj(
            {
                "count": {"type": "integer", "minimum": 0},
                "distanceToEntrance": _LENGTH,
                "location": _LOCALIZED,
            }
        ),
    }
)
COMMUNICATION_FORMS = (
    "sign-language",
    "easy-read",
    "supported-communication",
    "talker",
    "written",
    "speak-slowly",
)
_STAFF = _obj(
    {
        "hasFreeAssistantForVisitors": _BOOL,
        "hasAccessibilityAssistantForEnquiries": _BOOL,
        "spokenLanguages": {"type": "array", "items": {"type": "string", "maxLength": 20}},
        "x-makerhub-assistanceTimes": _LOCALIZED,
        "x-makerhub-communicationForms": {
            "type": "array",
            "items": {"enum": list(COMMUNICATION_FORMS)},
            "uniqueItems": True,
        },
    }
)
SCHEMA: dict[str, Any] = _obj(
    {
        "entrances": _list_or_null(_ENTRANCE),
        "restrooms": _list_or_null(_RESTROOM),
        "desks": _list_or_null(_DESK),
        "hasInductionLoop": _BOOL,
        "isWellLit": _BOOL,
        "isQuiet": _BOOL,
        "parking": {"anyOf": [_PARKING, {"type": "null"}]},
        "staff": {"anyOf": [_STAFF, {"type": "null"}]},
        "x-makerhub-quietRoom": {"anyOf": [_obj({"description": _LOCALIZED}), {"type": "null"}]},
        "x-makerhub-lighting": _LOCALIZED,
    }
)
_VALIDATOR = Draft202012Validator(SCHEMA)

SIGN_LANGUAGE_CODES = {"gsg", "sgn-de", "dgs", "ase", "bfi", "sgn"}


def validate(document: Any) -> dict[str, list[str]]:
    """Errors by JSON path ("entrances.0.stairs.count"); empty when the document is valid."""
    errors: dict[str, list[str]] = {}
    for error in _leaves(_VALIDATOR.iter_errors(document)):
        path = ".".join(str(part) for part in error.absolute_path) or "document"
        message = _describe_error(error)
        if message not in errors.get(path, []):
            errors.setdefault(path, []).append(message)
    return errors


def _leaves(errors: Any) -> list[Any]:
    """The errors inside "one of these shapes" (anyOf): those of the branch whose type
    matched, so that a wrong step count is reported at its own path."""
    found = []
    for error in errors:
        if error.context:
            inner = [e for e in error.context if not (e.validator == "type" and not e.path)]
            found.extend(_leaves(inner) if inner else [error])
        else:
            found.append(error)
    return found


def _describe_error(error: Any) -> str:
    if error.validator == "additionalProperties":
        return _("This property is not part of the supported A11yJSON shape.")
    if error.validator == "type":
        return _("Wrong type: expected %(type)s.") % {"type": error.validator_value}
    if error.validator == "required":
        return _('A length needs a value and a unit, e.g. {"value": 4, "unit": "cm"}.')
    if error.validator == "enum":
        return _("Allowed values: %(values)s.") % {
            "values": ", ".join(str(v) for v in error.validator_value)
        }
    if error.validator == "minimum":
        return _("The value must not be negative.")
    return _("This value does not fit the A11yJSON shape.")


# --- features used by filters -------------------------------------------------------------


def _any(items: Any, test: Callable[[dict[str, Any]], bool]) -> bool:
    return isinstance(items, list) and any(test(item) for item in items)


def _step_free(entrance: dict[str, Any]) -> bool:
    stairs = entrance.get("stairs") or {}
    return bool(
        entrance.get("isLevel") is True
        or entrance.get("hasFixedRamp") is True
        or (stairs.get("count") == 0 and "count" in stairs)
    )


FEATURES: dict[str, Callable[[dict[str, Any]], bool]] = {
    "step_free_entrance": lambda d: _any(d.get("entrances"), _step_free),
    "accessible_toilet": lambda d: _any(
        d.get("restrooms"), lambda r: r.get("isAccessibleWithWheelchair") is True
    ),
    "roll_under_workbench": lambda d: _any(
        d.get("desks"), lambda k: k.get("isRollUnderAccessible") is True
    ),
    "height_adjustable_workbench": lambda d: _any(
        d.get("desks"), lambda k: "minimalHeight" in k and "maximalHeight" in k
    ),
    "hearing_loop": lambda d: d.get("hasInductionLoop") is True,
    "quiet_room": lambda d: isinstance(d.get("x-makerhub-quietRoom"), dict),
    "wheelchair_parking": lambda d: bool(
        ((d.get("parking") or {}).get("forWheelchairUsers") or {}).get("count")
    ),
    "free_assistance": lambda d: (d.get("staff") or {}).get("hasFreeAssistantForVisitors") is True,
    "sign_language": lambda d: bool(
        SIGN_LANGUAGE_CODES & {c.lower() for c in (d.get("staff") or {}).get("spokenLanguages", [])}
        or "sign-language" in (d.get("staff") or {}).get("x-makerhub-communicationForms", [])
    ),
}


def feature_labels() -> dict[str, str]:
    return {
        "step_free_entrance": _("Entrance without steps (level or ramp)"),
        "accessible_toilet": _("Toilet for wheelchair users"),
        "roll_under_workbench": _("Workbench you can roll under"),
        "height_adjustable_workbench": _("Height-adjustable workbench"),
        "hearing_loop": _("Hearing loop"),
        "quiet_room": _("Quiet room"),
        "wheelchair_parking": _("Parking for wheelchair users"),
        "free_assistance": _("Free assistance by staff"),
        "sign_language": _("Staff who sign"),
    }


def has_features(document: dict[str, Any], features: list[str]) -> bool:
    return all(FEATURES[name](document) for name in features if name in FEATURES)


# --- plain-words statements ---------------------------------------------------------------


@dataclass
class Section:
    title: str
    items: list[tuple[str, str]] = field(default_factory=list)  # (label, statement)
    empty: str = ""  # shown when items is empty


def length(value: Any) -> str:
    """``{"value": 4, "unit": "cm"}`` as "4 cm" (German decimal comma when active)."""
    from django.utils.formats import number_format

    number = value["value"]
    shown = number_format(number, decimal_pos=1 if number % 1 else 0)
    return f"{shown}\u00a0{value['unit']}"


def _unknown() -> str:
    return _("unknown")


def _yes_no(value: Any, yes: str, no: str) -> str:
    if value is True:
        return yes
    if value is False:
        return no
    return _unknown()


def localized(value: Any, language: str) -> str:
    if isinstance(value, dict):
        return value.get(language) or value.get("de") or next(iter(value.values()), "")
    return str(value or "")


def _measure(parent: dict[str, Any], key: str) -> str:
    return length(parent[key]) if isinstance(parent.get(key), dict) else _unknown()


def _entrance_statements(entrance: dict[str, Any]) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    stairs = entrance.get("stairs")
    if isinstance(stairs, dict) and "count" in stairs:
        count = stairs["count"]
        if count == 0:
            steps = _("no steps")
        else:
            steps = ngettext("%(count)d step", "%(count)d steps", count) % {"count": count}
            if isinstance(stairs.get("stepHeight"), dict):
                steps = _("%(steps)s, each %(height)s high") % {
                    "steps": steps,
                    "height": length(stairs["stepHeight"]),
                }
            else:
                steps = _("%(steps)s, height unknown") % {"steps": steps}
        items.append((_("Steps"), steps))
    elif entrance.get("isLevel") is True:
        items.append((_("Steps"), _("no steps, the entrance is level")))
    else:
        items.append((_("Steps"), _unknown()))
    items.append((_("Fixed ramp"), _yes_no(entrance.get("hasFixedRamp"), _("yes"), _("no"))))
    if "hasRemovableRamp" in entrance:
        items.append(
            (
                _("Removable ramp"),
                _yes_no(entrance["hasRemovableRamp"], _("available"), _("not available")),
            )
        )
    door = entrance.get("door")
    if isinstance(door, dict):
        items.append((_("Door width"), _measure(door, "width")))
        threshold = door.get("thresholdHeight")
        items.append(
            (
                _("Door threshold"),
                _("none")
                if isinstance(threshold, dict) and threshold["value"] == 0
                else _measure(door, "thresholdHeight"),
            )
        )
        items.append(
            (
                _("Door opens"),
                _yes_no(door.get("isAutomatic"), _("automatically"), _("by hand")),
            )
        )
        if door.get("needsDoorbell") is True:
            items.append(
                (
                    _("Doorbell"),
                    _("you need to ring; top button at %(height)s")
                    % {"height": _measure(door, "doorbellTopButtonHeight")},
                )
            )
        elif door.get("needsDoorbell") is False:
            items.append((_("Doorbell"), _("not needed")))
    else:
        items.append((_("Door"), _unknown()))
    return items


def describe(document: dict[str, Any], *, language: str = "de") -> list[Section]:
    """The document as sections of plain statements with their measurements. Every property
    we support appears: what is not known says "unknown"; never a bare "accessible"."""
    sections: list[Section] = []

    entrances = document.get("entrances", ...)
    section = Section(_("Entrance"))
    if entrances is ...:
        section.empty = _("Nobody has described the entrance yet (unknown).")
    elif entrances is None or entrances == []:
        section.empty = _("No entrance described.")
    else:
        for index, entrance in enumerate(entrances, start=1):
            name = localized(entrance.get("name"), language) or (
                _("Main entrance")
                if entrance.get("isMainEntrance")
                else _("Entrance %(n)d") % {"n": index}
            )
            for label, statement in _entrance_statements(entrance):
                section.items.append((f"{name}: {label}", statement))
    sections.append(section)

    restrooms = document.get("restrooms", ...)
    section = Section(_("Toilet"))
    if restrooms is ...:
        section.empty = _("Nobody has described the toilets yet (unknown).")
    elif restrooms is None or restrooms == []:
        section.empty = _("There is no toilet.")
    else:
        for index, room in enumerate(restrooms, start=1):
            name = localized(room.get("name"), language) or _("Toilet %(n)d") % {"n": index}
            toilet = room.get("toilet") or {}
            section.items += [
                (
                    f"{name}: " + _("for wheelchair users"),
                    _yes_no(room.get("isAccessibleWithWheelchair"), _("yes"), _("no")),
                ),
                (f"{name}: " + _("turning space inside"), _measure(room, "turningSpaceInside")),
                (
                    f"{name}: " + _("grab rails"),
                    _yes_no(
                        toilet.get("hasGrabBars", room.get("hasSupportRails")), _("yes"), _("no")
                    ),
                ),
                (
                    f"{name}: " + _("emergency pull cord"),
                    _yes_no(room.get("hasEmergencyPullstring"), _("yes"), _("no")),
                ),
            ]
            if room.get("entrance", {}).get("door"):
                section.items.append(
                    (f"{name}: " + _("door width"), _measure(room["entrance"]["door"], "width"))
                )
    sections.append(section)

    desks = document.get("desks", ...)
    section = Section(_("Workbenches"))
    if desks is ...:
        section.empty = _("Nobody has described the workbenches yet (unknown).")
    elif desks is None or desks == []:
        section.empty = _("No workbenches described.")
    else:
        for index, desk in enumerate(desks, start=1):
            name = localized(desk.get("name"), language) or _("Workbench %(n)d") % {"n": index}
            section.items.append(
                (
                    f"{name}: " + _("you can roll under it"),
                    _yes_no(desk.get("isRollUnderAccessible"), _("yes"), _("no")),
                )
            )
            if "minimalHeight" in desk and "maximalHeight" in desk:
                section.items.append(
                    (
                        f"{name}: " + _("height"),
                        _("adjustable from %(low)s to %(high)s")
                        % {
                            "low": length(desk["minimalHeight"]),
                            "high": length(desk["maximalHeight"]),
                        },
                    )
                )
            else:
                section.items.append((f"{name}: " + _("height"), _measure(desk, "fixedHeight")))
    sections.append(section)

    section = Section(_("Hearing, quiet and light"))
    section.items.append(
        (_("Hearing loop"), _yes_no(document.get("hasInductionLoop"), _("yes"), _("no")))
    )
    quiet = document.get("x-makerhub-quietRoom", ...)
    if quiet is ...:
        section.items.append((_("Quiet room"), _unknown()))
    elif quiet is None:
        section.items.append((_("Quiet room"), _("none")))
    else:
        section.items.append(
            (_("Quiet room"), localized(quiet.get("description"), language) or _("yes"))
        )
    section.items.append(
        (_("Noise"), _yes_no(document.get("isQuiet"), _("mostly quiet"), _("can be loud")))
    )
    lighting = localized(document.get("x-makerhub-lighting"), language)
    section.items.append(
        (
            _("Lighting"),
            lighting or _yes_no(document.get("isWellLit"), _("well lit"), _("dim")),
        )
    )
    sections.append(section)

    parking = document.get("parking", ...)
    section = Section(_("Parking"))
    if parking is ...:
        section.empty = _("Parking: unknown.")
    elif parking is None:
        section.empty = _("There is no parking.")
    else:
        wheelchair = parking.get("forWheelchairUsers") or {}
        if "count" in parking:
            section.items.append((_("Parking spaces"), str(parking["count"])))
        section.items.append(
            (
                _("Spaces for wheelchair users"),
                str(wheelchair["count"]) if "count" in wheelchair else _unknown(),
            )
        )
        if "distanceToEntrance" in wheelchair:
            section.items.append(
                (_("Distance to the entrance"), length(wheelchair["distanceToEntrance"]))
            )
        if wheelchair.get("location"):
            section.items.append((_("Where"), localized(wheelchair["location"], language)))
    sections.append(section)

    staff = document.get("staff", ...)
    section = Section(_("Assistance by staff"))
    if staff is ...:
        section.empty = _("Assistance: unknown.")
    elif staff is None:
        section.empty = _("There is no staff on site.")
    else:
        section.items.append(
            (
                _("Free assistance during your visit"),
                _yes_no(staff.get("hasFreeAssistantForVisitors"), _("yes"), _("no")),
            )
        )
        times = localized(staff.get("x-makerhub-assistanceTimes"), language)
        section.items.append((_("When"), times or _unknown()))
        forms = staff.get("x-makerhub-communicationForms")
        labels = communication_form_labels()
        section.items.append(
            (
                _("Communication"),
                ", ".join(labels[f] for f in forms) if forms else _unknown(),
            )
        )
        if staff.get("spokenLanguages"):
            section.items.append((_("Languages"), ", ".join(staff["spokenLanguages"])))
    sections.append(section)
    return sections


def communication_form_labels() -> dict[str, str]:
    return {
        "sign-language": _("German Sign Language (DGS)"),
        "easy-read": _("easy-to-read language"),
        "supported-communication": _("supported communication (pictures, gestures)"),
        "talker": _("people who use a talker are welcome; we take our time"),
        "written": _("in writing"),
        "speak-slowly": _("we speak slowly on request"),
    }
