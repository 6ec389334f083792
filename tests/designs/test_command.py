"""manage.py validate_stl: reports, JSON lines and exit codes 0/1/2."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from tests.designs.meshes import FIXTURES

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    try:
        call_command("validate_stl", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_printable_files_exit_0():
    code, out = run(str(FIXTURES / "20mm-xyz-cube.stl"), str(FIXTURES / "round.stl"))
    assert code == 0
    assert "20mm-xyz-cube.stl: " in out


def test_warnings_exit_1_and_rejections_exit_2():
    assert run(str(FIXTURES / "20mm-xyz-cube.stl"), str(FIXTURES / "multibody.stl"))[0] == 1
    code, _ = run(str(FIXTURES / "multibody.stl"), str(FIXTURES / "empty_binary.stl"))
    assert code == 2
    assert run(str(FIXTURES / "does-not-exist.stl"))[0] == 2


def test_json_prints_one_object_per_file():
    code, out = run("--json", str(FIXTURES / "unit_cube.STL"), str(FIXTURES / "empty.stl"))
    assert code == 2
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["verdict"] for line in lines] == ["warnings", "rejected"]
    assert lines[0]["bbox_mm"] == [1.0, 1.0, 1.0]
    assert lines[0]["problems"][0]["code"] == "units_tiny"
    assert lines[1]["problems"][0]["code"] == "no_triangles"
