"""designs.stl.validate_stl: a pure function, tested without the database."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from PIL import Image

from designs.stl import (
    PRINTABLE,
    REJECTED,
    WARNINGS,
    WorkArea,
    filament_grams,
    fitting_work_areas,
    validate_stl,
)
from tests.designs.meshes import FIXTURES, cube_triangles, write_ascii, write_binary


def codes(report):
    return [p.code for p in report.problems]


# --- the shared fixtures --------------------------------------------------------------------


def test_calibration_cube_is_printable():
    report = validate_stl(FIXTURES / "20mm-xyz-cube.stl")
    data = report.to_dict()
    assert data["verdict"] == PRINTABLE
    assert data["format"] == "binary"
    assert data["triangles"] == 260
    assert data["bodies"] == 1
    assert data["watertight"] is True
    assert data["winding_consistent"] is True
    assert data["inverted"] is False
    assert data["bbox_mm"] == [20.0, 20.0, 20.0]
    # The cube has embossed letters, so a little less than 20³.
    assert 7500 < data["volume_mm3"] < 8000
    assert data["problems"] == []
    assert data["filament_g"] > 0


def test_binary_files_whose_header_starts_with_solid_are_read_as_binary():
    for name in ("unit_cube.STL", "plate_holes.STL"):
        report = validate_stl(FIXTURES / name)
        assert report.format == "binary", name
        assert report.watertight is True, name


def test_unit_cube_is_suspected_to_be_in_the_wrong_unit():
    report = validate_stl(FIXTURES / "unit_cube.STL")
    assert report.verdict == WARNINGS
    assert report.units_suspect is True
    assert codes(report) == ["units_tiny"]
    assert "inches" in report.problems[0].message
    assert report.volume_mm3 == pytest.approx(1.0)
    assert report.area_mm2 == pytest.approx(6.0)


def test_multibody_file_reports_its_bodies():
    report = validate_stl(FIXTURES / "multibody.stl")
    assert report.format == "ascii"
    assert report.bodies == 2
    assert "several_bodies" in codes(report)
    assert report.verdict == WARNINGS


def test_ascii_file_with_two_solid_blocks():
    report = validate_stl(FIXTURES / "two_objects_mixed_case_names.stl")
    assert report.format == "ascii"
    assert report.triangles == 24
    assert report.bodies == 2
    assert report.volume_mm3 == pytest.approx(2.0)
    assert report.bbox_mm == [6.0, 1.0, 1.0]


@pytest.mark.parametrize("name", ["cylinder.stl", "round.stl", "7_8ths_cube.stl"])
def test_ordinary_parts_are_closed(name):
    report = validate_stl(FIXTURES / name)
    assert report.watertight is True
    assert report.winding_consistent is True
    assert report.bodies == 1
    assert report.volume_mm3 > 0


def test_seven_eighths_cube_volume():
    report = validate_stl(FIXTURES / "7_8ths_cube.stl")
    assert report.volume_mm3 == pytest.approx(7 / 8 * 40**3, rel=1e-5)


@pytest.mark.parametrize("name", ["empty.stl", "empty_ascii.stl", "empty_binary.stl"])
def test_files_without_triangles_are_rejected(name):
    report = validate_stl(FIXTURES / name)
    assert report.verdict == REJECTED
    assert codes(report) == ["no_triangles"]


def test_values_agree_with_trimesh_on_the_fixtures():
    trimesh = pytest.importorskip("trimesh")
    for name in ("20mm-xyz-cube.stl", "plate_holes.STL", "round.stl", "cylinder.stl"):
        mesh = trimesh.load(FIXTURES / name, force="mesh")
        report = validate_stl(FIXTURES / name)
        assert report.volume_mm3 == pytest.approx(mesh.volume, rel=1e-4), name
        assert report.area_mm2 == pytest.approx(mesh.area, rel=1e-4), name
        assert report.vertices == len(mesh.vertices), name
        assert report.bbox_mm == pytest.approx(list(mesh.extents), abs=1e-3), name


# --- malformed files ------------------------------------------------------------------------


def test_empty_file(tmp_path):
    path = tmp_path / "empty.stl"
    path.write_bytes(b"")
    report = validate_stl(path)
    assert report.verdict == REJECTED
    assert codes(report) == ["empty_file"]


def test_truncated_binary_is_rejected_without_reading_beyond(tmp_path):
    path = write_binary(tmp_path / "cube.stl", cube_triangles())
    data = path.read_bytes()
    path.write_bytes(data[:-75])  # one and a half triangles missing
    report = validate_stl(path)
    assert report.verdict == REJECTED
    assert codes(report) == ["truncated"]
    assert report.problems[0].params == {"announced": 12, "present": 10}
    assert report.bodies is None


def test_header_count_the_data_cannot_hold(tmp_path):
    # Four billion triangles announced, two present: never allocated.
    path = write_binary(tmp_path / "liar.stl", cube_triangles()[:2], count=4_000_000_000)
    report = validate_stl(path)
    assert report.verdict == REJECTED
    assert codes(report) == ["truncated"]
    assert report.problems[0].params["announced"] == 4_000_000_000


def test_header_count_smaller_than_the_data(tmp_path):
    path = write_binary(tmp_path / "short-count.stl", cube_triangles(), count=5)
    report = validate_stl(path)
    assert codes(report) == ["count_mismatch"]


def test_nan_and_infinite_coordinates_are_counted_and_rejected(tmp_path):
    triangles = cube_triangles()
    triangles[3, 1, 2] = np.nan
    triangles[7, 0, 0] = np.inf
    triangles[8, 2, 1] = -np.inf
    report = validate_stl(write_binary(tmp_path / "nan.stl", triangles))
    assert report.verdict == REJECTED
    assert report.non_finite_faces == 3
    assert "non_finite" in codes(report)
    nan_problem = next(p for p in report.problems if p.code == "non_finite")
    assert nan_problem.params == {"faces": 3}
    # The rest is still described: the nine good faces leave the cube open.
    assert report.triangles == 12
    assert report.watertight is False


def test_nan_in_ascii_is_counted(tmp_path):
    triangles = cube_triangles().astype(np.float64)
    triangles[0, 0, 0] = np.nan
    report = validate_stl(write_ascii(tmp_path / "nan.stl", triangles))
    assert report.non_finite_faces == 1
    assert report.verdict == REJECTED


def test_png_image_under_an_stl_name(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(buffer, "PNG")
    path = tmp_path / "photo.stl"
    path.write_bytes(buffer.getvalue())
    report = validate_stl(path)
    assert codes(report) == ["not_stl"]
    assert "PNG image" in report.problems[0].message


def test_jpeg_image_under_an_stl_name(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "blue").save(buffer, "JPEG")
    path = tmp_path / "photo.stl"
    path.write_bytes(buffer.getvalue())
    assert codes(validate_stl(path)) == ["not_stl"]


def test_zip_archive_under_an_stl_name(tmp_path):
    path = tmp_path / "archive.stl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("part.stl", "solid x\nendsolid x\n")
    report = validate_stl(path)
    assert codes(report) == ["not_stl"]
    assert "ZIP" in report.problems[0].message


def test_plain_text_under_an_stl_name(tmp_path):
    path = tmp_path / "notes.stl"
    path.write_text("Shopping list: filament, glue, coffee.\n" * 20)
    report = validate_stl(path)
    assert codes(report) == ["not_stl"]
    assert report.problems[0].params == {"kind": "plain text"}


def test_random_bytes_are_rejected_as_damaged(tmp_path):
    path = tmp_path / "noise.stl"
    path.write_bytes(np.random.default_rng(1).bytes(1234))
    assert validate_stl(path).verdict == REJECTED


def test_tiny_binary_file(tmp_path):
    path = tmp_path / "tiny.stl"
    path.write_bytes(b"\x00\x01\x02")
    assert codes(validate_stl(path)) == ["truncated"]


def test_ascii_missing_endsolid(tmp_path):
    path = write_ascii(tmp_path / "cut.stl", cube_triangles())
    text = path.read_text()
    path.write_text(text[: len(text) // 2])
    assert codes(validate_stl(path)) == ["ascii_truncated"]


def test_ascii_with_a_broken_facet_names_the_line(tmp_path):
    path = write_ascii(tmp_path / "broken.stl", cube_triangles())
    lines = path.read_text().splitlines()
    # Facet 3 loses its third vertex: lines 1 + 7*2 + 1 = 16 starts facet 3.
    assert lines[15].strip().startswith("facet")
    del lines[15 + 4]
    path.write_text("\n".join(lines) + "\n")
    report = validate_stl(path)
    assert codes(report) == ["ascii_malformed"]
    assert report.problems[0].params == {"line": 16}


def test_ascii_with_a_bad_number(tmp_path):
    path = write_ascii(tmp_path / "bad.stl", cube_triangles())
    text = path.read_text().replace("20.0", "2O.0", 1)
    path.write_text(text)
    report = validate_stl(path)
    assert codes(report) == ["ascii_malformed"]


def test_size_limit(tmp_path):
    path = write_binary(tmp_path / "cube.stl", cube_triangles())
    report = validate_stl(path, max_bytes=500)
    assert codes(report) == ["too_large"]
    assert report.triangles == 0


def test_triangle_limit_binary_and_ascii(tmp_path):
    binary = write_binary(tmp_path / "cube.stl", cube_triangles())
    ascii_ = write_ascii(tmp_path / "cube-ascii.stl", cube_triangles())
    assert codes(validate_stl(binary, max_triangles=10)) == ["too_many_triangles"]
    assert codes(validate_stl(ascii_, max_triangles=10)) == ["too_many_triangles"]
    assert validate_stl(binary, max_triangles=12).verdict == PRINTABLE


# --- geometry problems that are reported, not rejected -------------------------------------


def test_binary_and_ascii_give_the_same_report(tmp_path):
    binary = validate_stl(write_binary(tmp_path / "b.stl", cube_triangles())).to_dict()
    ascii_ = validate_stl(write_ascii(tmp_path / "a.stl", cube_triangles())).to_dict()
    for key in ("triangles", "vertices", "bodies", "volume_mm3", "area_mm2", "bbox_mm"):
        assert binary[key] == ascii_[key], key
    assert binary["volume_mm3"] == pytest.approx(8000.0)
    assert binary["area_mm2"] == pytest.approx(2400.0)


def test_inverted_cube(tmp_path):
    inverted = cube_triangles()[:, ::-1, :]
    report = validate_stl(write_binary(tmp_path / "inside-out.stl", inverted))
    assert report.inverted is True
    assert report.winding_consistent is True
    assert report.volume_mm3 == pytest.approx(8000.0)
    assert codes(report) == ["inverted"]
    assert report.verdict == WARNINGS


def test_open_mesh(tmp_path):
    report = validate_stl(write_binary(tmp_path / "open.stl", cube_triangles()[:-1]))
    assert report.watertight is False
    assert report.open_edges == 3
    assert "open_mesh" in codes(report)
    assert report.verdict == WARNINGS


def test_one_flipped_face_breaks_winding(tmp_path):
    triangles = cube_triangles()
    triangles[5] = triangles[5][::-1]
    report = validate_stl(write_binary(tmp_path / "flipped.stl", triangles))
    assert report.winding_consistent is False
    assert report.inverted is False
    assert report.watertight is True
    assert "inconsistent_winding" in codes(report)


def test_duplicate_and_degenerate_faces(tmp_path):
    triangles = cube_triangles()
    sliver = np.array([[[0, 0, 0], [10, 0, 0], [20, 0, 0]]], np.float32)  # collinear
    point = np.array([[[5, 5, 0], [5, 5, 0], [5, 5, 0]]], np.float32)
    all_faces = np.concatenate([triangles, triangles[:2], sliver, point])
    report = validate_stl(write_binary(tmp_path / "messy.stl", all_faces))
    assert report.duplicate_faces == 2
    assert report.degenerate_faces == 2
    assert report.non_manifold_edges > 0
    found = codes(report)
    assert {"duplicate_faces", "degenerate_faces", "non_manifold_edges"} <= set(found)
    assert report.verdict == WARNINGS


def test_two_cubes_are_two_bodies_and_minus_zero_merges(tmp_path):
    first = cube_triangles(10)
    first[first == 0] = -0.0  # the same point written as -0.0 must still merge
    second = cube_triangles(10, origin=(30, 0, 0))
    report = validate_stl(write_binary(tmp_path / "two.stl", np.concatenate([first, second])))
    assert report.bodies == 2
    assert report.vertices == 16
    assert report.watertight is True
    assert report.volume_mm3 == pytest.approx(2000.0)
    assert report.bbox_mm == [40.0, 10.0, 10.0]


def test_huge_part_is_suspect(tmp_path):
    report = validate_stl(write_binary(tmp_path / "huge.stl", cube_triangles(5000)))
    assert report.units_suspect is True
    assert "units_huge" in codes(report)


# --- machines and material -----------------------------------------------------------------


def test_fits_allows_rotation_and_warns_when_nothing_holds_it(tmp_path):
    path = write_binary(tmp_path / "bar.stl", cube_triangles(1) * np.float32([200, 30, 30]))
    small = WorkArea("small", "Small printer", 180, 180, 180)
    tall = WorkArea("tall", "Tall printer", 100, 100, 250)  # fits when the bar stands up
    report = validate_stl(path, work_areas=[small, tall])
    assert report.fits == [{"key": "tall", "name": "Tall printer"}]
    assert "fits_no_machine" not in codes(report)

    report = validate_stl(path, work_areas=[small])
    assert report.fits == []
    assert "fits_no_machine" in codes(report)

    # Without machines, no verdict about size.
    assert "fits_no_machine" not in codes(validate_stl(path))


def test_fitting_work_areas_sorts_dimensions():
    area = WorkArea("a", "A", 300, 50, 50)
    assert fitting_work_areas([40, 290, 45], [area]) == [area]
    assert fitting_work_areas([40, 310, 45], [area]) == []


def test_filament_estimate_grows_with_infill():
    sparse = filament_grams(volume_mm3=100_000, area_mm2=13_000, infill=0.1)
    dense = filament_grams(volume_mm3=100_000, area_mm2=13_000, infill=0.5)
    solid = filament_grams(volume_mm3=100_000, area_mm2=13_000, infill=1.0)
    assert sparse < dense < solid
    assert solid == pytest.approx(124.0)  # 100 cm³ of PLA at 1.24 g/cm³


def test_report_to_dict_has_every_field(tmp_path):
    data = validate_stl(write_binary(tmp_path / "c.stl", cube_triangles())).to_dict()
    for key in (
        "triangles", "bodies", "watertight", "winding_consistent", "inverted", "volume_mm3",
        "area_mm2", "bbox_mm", "degenerate_faces", "duplicate_faces", "non_manifold_edges",
        "units_suspect", "filament_g", "fits", "verdict", "problems",
    ):  # fmt: skip
        assert key in data, key


def test_hash_clashes_fall_back_to_the_exact_merge(tmp_path, monkeypatch):
    from designs import stl

    path = write_binary(
        tmp_path / "two.stl",
        np.concatenate([cube_triangles(10), cube_triangles(10, origin=(30, 0, 0))]),
    )
    expected = validate_stl(path).to_dict()
    # Every corner gets the same hash: the groups mix different points and must be split.
    monkeypatch.setattr(stl, "_corner_hash", lambda corners: np.zeros(len(corners), np.uint64))
    clashed = validate_stl(path).to_dict()
    for key in ("vertices", "bodies", "watertight", "volume_mm3", "open_edges", "problems"):
        assert clashed[key] == expected[key], key
    assert clashed["vertices"] == 16


def test_ascii_numbers_are_converted_in_batches(tmp_path, monkeypatch):
    from designs import stl

    path = write_ascii(tmp_path / "cube.stl", cube_triangles())
    whole = validate_stl(path).to_dict()
    monkeypatch.setattr(stl, "_ASCII_BATCH", 5)  # 12 facets: batches of 5, 5 and 2
    batched = validate_stl(path).to_dict()
    assert batched["volume_mm3"] == whole["volume_mm3"] == pytest.approx(8000)
    assert batched["vertices"] == 8
    # A bad number in a later batch is still found and located.
    lines = path.read_text().splitlines()
    lines[1 + 7 * 11 + 3] = "      vertex 1 2 x"
    path.write_text("\n".join(lines) + "\n")
    report = validate_stl(path)
    assert [p.code for p in report.problems] == ["ascii_malformed"]
    assert report.problems[0].params == {"line": 1 + 7 * 11 + 4}


def test_edge_table_matches_a_plain_count_on_random_faces():
    from collections import Counter

    from designs.stl import _edge_table

    rng = np.random.default_rng(3)
    for _ in range(300):
        vertex_count = int(rng.integers(3, 7))
        faces = rng.integers(0, vertex_count, size=(int(rng.integers(1, 9)), 3)).astype(np.int32)
        faces = faces[(faces[:, 0] != faces[:, 1]) & (faces[:, 1] != faces[:, 2])
                      & (faces[:, 0] != faces[:, 2])]  # fmt: skip
        if not len(faces):
            continue
        directed = Counter()
        for a, b, c in faces.tolist():
            for head, tail in ((a, b), (b, c), (c, a)):
                directed[(head, tail)] += 1
        undirected = Counter()
        for (head, tail), n in directed.items():
            undirected[frozenset((head, tail))] += n
        open_edges = sum(1 for n in undirected.values() if n == 1)
        non_manifold = sum(1 for n in undirected.values() if n > 2)
        consistent = all(
            directed[tuple(sorted(edge))] == 1 for edge, n in undirected.items() if n == 2
        )
        assert _edge_table(faces, vertex_count) == (open_edges, non_manifold, consistent), faces
