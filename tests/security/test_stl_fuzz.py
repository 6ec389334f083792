"""Byte-mutation fuzzing of the STL reader: whatever a stranger uploads, validate_stl gives a
report (printable, warnings or rejected) and never raises or hangs."""

import signal
import struct
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designs.stl import PRINTABLE, REJECTED, WARNINGS, STLReport, validate_stl
from tests.designs.meshes import cube_triangles, write_ascii, write_binary

_FOLDER = Path(tempfile.mkdtemp(prefix="stl-fuzz-"))
BINARY = write_binary(_FOLDER / "cube.stl", cube_triangles(20.0)).read_bytes()
ASCII = write_ascii(_FOLDER / "cube-ascii.stl", cube_triangles(20.0)).read_bytes()
HANG_GUARD_SECONDS = 30  # a safety net against endless loops, not a timing goal
VERDICTS_SEEN: set[str] = set()


def _mutate(data: bytes, edits: list[tuple[int, int, int]], cut: int | None) -> bytes:
    buffer = bytearray(data)
    for kind, position, value in edits:
        at = position % max(1, len(buffer))
        if kind == 0:
            buffer[at] = value  # overwrite a byte
        elif kind == 1:
            buffer.insert(at, value)  # insert a byte
        elif kind == 2 and buffer:
            del buffer[at]  # delete a byte
        elif kind == 3 and len(buffer) >= 84:
            buffer[80:84] = struct.pack("<I", value * 1_000_003)  # lie about the count
        elif kind == 4 and len(buffer) >= at + 4:
            buffer[at : at + 4] = struct.pack("<f", float("nan") if value % 2 else float("inf"))
    if cut is not None:
        buffer = buffer[: cut % (len(buffer) + 1)]
    return bytes(buffer)


edits = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 10_000), st.integers(0, 255)), max_size=12
)


def _check(data: bytes, tmp: Path) -> None:
    path = tmp / "upload.stl"
    path.write_bytes(data)

    def hang(signum, frame):  # type: ignore[no-untyped-def]
        raise TimeoutError("validate_stl did not return")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(HANG_GUARD_SECONDS)
    try:
        report = validate_stl(path)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert isinstance(report, STLReport)
    assert report.verdict in {PRINTABLE, WARNINGS, REJECTED}
    VERDICTS_SEEN.add(report.verdict)
    report.to_dict()  # the stored form can always be built


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=edits, cut=st.none() | st.integers(0, 2000), ascii_=st.booleans())
def test_mutated_stl_always_gives_a_report(tmp_path, edits, cut, ascii_):
    _check(_mutate(ASCII if ascii_ else BINARY, edits, cut), tmp_path)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=600))
def test_random_bytes_always_give_a_report(tmp_path, data):
    _check(data, tmp_path)


def test_the_mutations_reach_both_accepted_and_rejected_files(tmp_path):
    # Guards the fuzz tests against only ever feeding files the reader rejects at once.
    _check(BINARY, tmp_path)
    _check(_mutate(BINARY, [(3, 0, 7)], None), tmp_path)
    assert REJECTED in VERDICTS_SEEN
    assert VERDICTS_SEEN & {PRINTABLE, WARNINGS}
