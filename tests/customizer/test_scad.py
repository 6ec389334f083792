"""The customizer's reading of OpenSCAD parameters, the JSON Schema and value checks."""

from decimal import Decimal
from pathlib import Path

import pytest

from customizer import scad

DEMO = Path(__file__).resolve().parents[2] / "customizer" / "demo_scad"

SOURCE = """\
// A test part.

/* [en: Size | de: Größe] */

// Inner diameter of the ring.
// en: Diameter | Measure across the top.
// de: Durchmesser | Messen Sie oben quer.
// unit: mm
diameter = 80; // [50:0.5:110]

height = 20; // [10:40]
count = 3; // [6]
odd = 5; // [3:2:11]
size = 20; // [10:Small, 20:Large]
// options-de: 10:Klein, 20:Groß
size_de = 10; // [10:Small, 20:Large]
shape = "round"; // [round, square]
label = "hello"; // 20
rounded = true;
points = [1, 2];
computed = diameter / 2;
unbounded = 4;

/* [Hidden] */
secret = 3;

module part() { cylinder(d = diameter, h = height); }
late = 7; // [1:10]
part();
"""


@pytest.fixture
def params():
    return scad.parse(SOURCE)


def test_parse_reads_types_ranges_and_labels(params):
    by_name = params.by_name()
    assert list(by_name) == [
        "diameter",
        "height",
        "count",
        "odd",
        "size",
        "size_de",
        "shape",
        "rounded",
    ]
    diameter = by_name["diameter"]
    assert diameter.kind == "number"
    assert (diameter.minimum, diameter.step, diameter.maximum) == (
        Decimal("50"),
        Decimal("0.5"),
        Decimal("110"),
    )
    assert diameter.title("de") == "Durchmesser"
    assert diameter.help("en") == "Measure across the top."
    assert diameter.description == "Inner diameter of the ring."
    assert diameter.unit == "mm"
    assert diameter.group_label("de") == "Größe"
    assert by_name["height"].kind == "integer"
    assert by_name["height"].title("de") == "Height"  # falls back to the name
    assert (by_name["count"].minimum, by_name["count"].maximum) == (0, 6)
    assert by_name["shape"].kind == "string"
    assert [o.value for o in by_name["shape"].options] == ["round", "square"]
    assert by_name["rounded"].kind == "boolean"
    assert by_name["size_de"].option_label(by_name["size_de"].options[1], "de") == "Groß"
    assert by_name["size_de"].option_label(by_name["size_de"].options[1], "en") == "Large"


def test_parse_reports_what_people_cannot_change(params):
    codes = {(p.code, p.name) for p in params.problems}
    assert ("free_text", "label") in codes
    assert ("not_literal", "points") in codes
    assert ("not_literal", "computed") in codes
    assert ("no_range", "unbounded") in codes
    names = {p.name for p in params.parameters}
    assert "secret" not in names  # hidden
    assert "late" not in names  # after the first module


def test_parse_refuses_a_default_outside_its_range():
    result = scad.parse("x = 200; // [1:100]\ncube(x);")
    assert [p.code for p in result.problems] == ["default_outside", "no_parameters"]


def test_file_access_is_found_outside_comments_and_strings():
    source = 'include <a.scad>\n// use <b.scad>\ns = "import(\\"x\\")";\nimport("/etc/passwd");'
    assert [(p.line, p.detail) for p in scad.file_access(source)] == [(1, "include"), (4, "import")]


def test_json_schema_shape(params):
    schema = scad.json_schema(params, language="de", title="Ring")
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    diameter = schema["properties"]["diameter"]
    assert diameter == {
        "type": "number",
        "title": "Durchmesser",
        "description": "Messen Sie oben quer.",
        "default": 80,
        "minimum": 50,
        "maximum": 110,
        "multipleOf": 0.5,
        "x-step": 0.5,
        "x-unit": "mm",
        "x-group": "Größe",
    }
    assert "multipleOf" not in schema["properties"]["odd"]  # 3, 5, 7: not multiples of 2
    assert schema["properties"]["odd"]["x-step"] == 2
    assert schema["properties"]["size"]["enum"] == [10, 20]
    assert schema["properties"]["size"]["x-enum-labels"] == ["Small", "Large"]
    assert schema["properties"]["shape"]["enum"] == ["round", "square"]
    assert schema["properties"]["rounded"]["type"] == "boolean"


def test_clean_values_accepts_good_values_and_fills_defaults(params):
    cleaned = scad.clean_values(params, {"diameter": "82,5", "odd": 7, "rounded": "false"})
    assert cleaned["diameter"] == Decimal("82.5")
    assert cleaned["odd"] == 7
    assert cleaned["rounded"] is False
    assert cleaned["height"] == 20  # default


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [
        ("diameter", 49.5, "below_minimum"),
        ("diameter", 110.5, "above_maximum"),
        ("diameter", 80.25, "off_step"),
        ("odd", 6, "off_step"),
        ("height", 12.5, "not_an_integer"),
        ("diameter", "NaN", "not_finite"),
        ("diameter", float("inf"), "not_finite"),
        ("diameter", "-Infinity", "not_finite"),
        ("diameter", "1e3", "not_a_number"),
        ("diameter", '1);import("/etc/passwd")', "not_a_number"),
        ("diameter", "80; cube(1000)", "not_a_number"),
        ("diameter", True, "not_a_number"),
        ("diameter", None, "not_a_number"),
        ("diameter", [80], "not_a_number"),
        ("diameter", "9" * 400, "above_maximum"),
        ("diameter", 10**400, "above_maximum"),
        ("diameter", "80.0000001", "too_precise"),
        ("diameter", "\u0668\u0660", "not_a_number"),  # Arabic-Indic digits
        ("diameter", "0x50", "not_a_number"),
        ("diameter", "8 0", "not_a_number"),
        ("size", 15, "not_an_option"),
        ("shape", 'round"; import("/etc/passwd"); x="', "not_an_option"),
        ("shape", "round\n", "not_an_option"),
        ("shape", 1, "not_an_option"),
        ("rounded", "maybe", "not_a_boolean"),
        ("rounded", 2, "not_a_boolean"),
    ],
)
def test_clean_values_refuses_bad_values(params, name, value, code):
    with pytest.raises(scad.ValuesInvalid) as caught:
        scad.clean_values(params, {name: value})
    assert [e.code for e in caught.value.errors[name]] == [code]


def test_clean_values_refuses_unknown_names(params):
    with pytest.raises(scad.ValuesInvalid) as caught:
        scad.clean_values(params, {"secret": 1, "$fn": 1000, "x=1;y": 2})
    assert set(caught.value.errors) == {"secret", "$fn", "x=1;y"}


def test_define_arguments_are_literals_only(params):
    cleaned = scad.clean_values(params, {"diameter": "82.50", "shape": "square", "rounded": False})
    args = scad.define_arguments(params, cleaned)
    pairs = dict(zip(args[1::2], args[::2], strict=True))
    assert set(pairs.values()) == {"-D"}
    assert "diameter=82.5" in pairs
    assert 'shape="square"' in pairs
    assert "rounded=false" in pairs
    assert len(args) == 2 * len(params.parameters)


def test_openscad_literal_refuses_anything_not_cleaned(params):
    shape = params.by_name()["shape"]
    with pytest.raises(ValueError):
        (scad.openscad_literal(shape, 'x"); import("/etc/passwd'),)
    with pytest.raises(TypeError):
        scad.openscad_literal(params.by_name()["diameter"], "80")
    with pytest.raises(TypeError):
        scad.openscad_literal(params.by_name()["diameter"], Decimal("NaN"))


def test_equal_values_have_one_canonical_form(params):
    a = scad.clean_values(params, {"diameter": "82.50"})
    b = scad.clean_values(params, {"diameter": 82.5, "height": 20})
    assert scad.canonical(a) == scad.canonical(b)


@pytest.mark.parametrize("name", sorted(p.name for p in DEMO.glob("*.scad")))
def test_demo_designs_have_clean_parameters(name):
    result = scad.parse((DEMO / name).read_text())
    assert result.parameters
    assert result.problems == []
    for param in result.parameters:
        assert param.titles.keys() >= {"de", "en"}, param.name
        assert param.helps.keys() >= {"de", "en"}, param.name


def test_string_options_are_plain_words():
    result = scad.parse('s = "a"; // [a, b;c]\nt = "x"; // [x, y"z]\nu = "p"; // [p, q]\ncube(1);')
    assert [p.name for p in result.parameters] == ["u"]
    assert {(p.code, p.name) for p in result.problems} >= {
        ("bad_annotation", "s"),
        ("bad_annotation", "t"),
    }
