"""The OpenSCAD sandbox: hostile input, hangs, crashes, memory, network.

Tests that need the real ``openscad`` skip, saying so, where it is not installed; the crash,
memory and network tests use small stand-in programs so they can make the child misbehave
on purpose."""

import socket
import stat
import sys
from pathlib import Path

import pytest

from customizer import render, scad

needs_openscad = pytest.mark.skipif(
    render.openscad_path() is None,
    reason="openscad is not installed (Debian: apt-get install openscad; `make test` does it)",
)

SOURCE = """\
// unit: mm
size = 10; // [1:0.5:50]
shape = "cube"; // [cube:Cube, ball:Ball]
solid = true;
if (shape == "cube") cube(size); else sphere(d = size, $fn = 24);
if (!solid) translate([size * 2, 0, 0]) cube(1);
"""


def _stand_in(tmp_path: Path, body: str) -> str:
    """A tiny executable that plays OpenSCAD's part badly."""
    program = tmp_path / "fake-openscad"
    program.write_text(f"#!{sys.executable}\n{body}\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return str(program)


@needs_openscad
def test_renders_a_binary_stl_with_cleaned_values():
    params = scad.parse(SOURCE)
    values = scad.clean_values(params, {"size": "12,5", "shape": "cube"})
    result = render.render_stl(SOURCE, scad.define_arguments(params, values))
    assert result.status == "ok", result.log
    assert len(result.stl) == 84 + 50 * 12  # a cube: 12 triangles
    assert result.returncode == 0


@needs_openscad
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("size", '1);import("/etc/passwd");echo(1'),
        ("size", "10; cube(1000)"),
        ("size", "10\ncube(1000);"),
        ("size", "NaN"),
        ("size", "inf"),
        ("size", 1e308),
        ("size", "1" * 5000),
        ("shape", 'cube"; import("/etc/passwd"); x="'),
        ("shape", 'cube\nimport("/etc/passwd");'),
        ("shape", "ball'"),
        ("solid", 'true; echo(import("/etc/passwd"))'),
        ("solid", "1 == 1"),
    ],
)
def test_injection_through_every_parameter_type_is_stopped_before_openscad(name, value):
    params = scad.parse(SOURCE)
    with pytest.raises(scad.ValuesInvalid) as caught:
        scad.clean_values(params, {name: value})
    assert name in caught.value.errors


def test_render_refuses_defines_not_built_by_the_customizer(tmp_path):
    never = _stand_in(tmp_path, "raise SystemExit('must not run')")
    for defines in (["-D", 'x=1;import("/etc/passwd")'], ["-o", "/tmp/x.stl"]):
        with pytest.raises(ValueError):
            render.render_stl("cube(1);", defines, executable=never)


@pytest.mark.parametrize(
    "source",
    [
        "include </etc/passwd>\ncube(1);",
        "use <../../secret.scad>\ncube(1);",
        'import("/etc/passwd");',
        'surface(file = "/etc/hostname");',
        'import ("model.stl");',
    ],
)
def test_sources_that_read_other_files_are_refused(tmp_path, source):
    never = _stand_in(tmp_path, "raise SystemExit('must not run')")
    result = render.render_stl(source, executable=never)
    assert result.status == "refused"


@needs_openscad
def test_a_hanging_render_is_killed_at_the_time_limit():
    source = "minkowski() { sphere(10, $fn = 400); cube(5); }"
    result = render.render_stl(source, limits=render.Limits(seconds=1.5))
    assert result.status == "timeout"
    assert result.seconds < 5


@needs_openscad
def test_runaway_recursion_ends_as_an_error_not_a_crash_of_ours():
    result = render.render_stl("module f(n) { f(n + 1); }\nf(0);", limits=render.Limits(seconds=10))
    assert result.status in ("error", "empty", "crashed", "timeout")
    assert not result.stl


@needs_openscad
def test_an_error_in_the_source_is_reported():
    result = render.render_stl("cube(;")
    assert result.status == "error"
    assert "ERROR" in result.log or "error" in result.log.lower()


@needs_openscad
def test_empty_geometry_is_reported():
    assert render.render_stl("x = 1;").status in ("empty", "error")


def test_a_crash_is_reported(tmp_path):
    crashing = _stand_in(tmp_path, "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)")
    result = render.render_stl("cube(1);", executable=crashing)
    assert result.status == "crashed"
    assert result.returncode in (-11, 139)


def test_a_stand_in_that_ignores_signals_is_still_killed(tmp_path):
    stubborn = _stand_in(
        tmp_path,
        "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "time.sleep(60)",
    )
    result = render.render_stl("cube(1);", executable=stubborn, limits=render.Limits(seconds=1))
    assert result.status == "timeout"
    assert result.seconds < 5


def test_memory_is_limited(tmp_path):
    greedy = _stand_in(tmp_path, "data = bytearray(900 * 1024 * 1024)\nprint('allocated')")
    result = render.render_stl(
        "cube(1);", executable=greedy, limits=render.Limits(memory_bytes=300 * 1024**2)
    )
    assert result.status == "error"
    assert "MemoryError" in result.log
    assert "allocated" not in result.log


def test_files_written_stay_in_the_temporary_directory(tmp_path):
    writer = _stand_in(
        tmp_path,
        "import os\nprint(os.getcwd())\nopen('out.stl', 'wb').write(b'x' * 200)",
    )
    result = render.render_stl("cube(1);", executable=writer)
    assert result.status == "ok"
    workdir = Path(result.log.strip())
    assert workdir.name.startswith("makerhub-scad-")
    assert not workdir.exists()  # removed afterwards


def test_there_is_no_network(tmp_path):
    if render.network_isolation_prefix() is None:
        pytest.skip("no network namespaces here (unshare -n is not allowed)")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    dialer = _stand_in(
        tmp_path,
        "import socket\ntry:\n"
        f"    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
        "    print('connected')\nexcept OSError as exc:\n    print('refused', exc)",
    )
    try:
        result = render.render_stl("cube(1);", executable=dialer)
    finally:
        listener.close()
    assert "refused" in result.log, result.log
    assert "connected" not in result.log
    assert result.network_isolated


def test_no_openscad_says_so(monkeypatch):
    monkeypatch.setenv("MAKERHUB_OPENSCAD", "no-such-openscad-program")
    assert render.openscad_path() is None
    assert render.render_stl("cube(1);").status == "unavailable"
