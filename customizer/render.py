"""Run OpenSCAD on one source file in a sandbox and hand back the STL. Pure Python, no Django.

The sandbox, layer by layer:

* only cleaned ``-D name=literal`` arguments from ``customizer.scad.define_arguments`` reach
  OpenSCAD, in an argument list (no shell anywhere);
* a fresh temporary directory holds a copy of the ``.scad`` file and nothing else; OpenSCAD
  runs with it as working directory and HOME, with a minimal environment; sources that
  include, use or import other files are refused before anything runs;
* limits set in the child before OpenSCAD starts: address space (RLIMIT_AS), CPU seconds,
  size of any file it writes (RLIMIT_FSIZE), no core dumps;
* a wall-clock limit: on expiry the whole process group is killed;
* no network: the process runs in a new, empty network namespace (``unshare -n``; as a
  normal user ``unshare -rn`` where user namespaces are allowed). Where neither works the
  render still runs and the result says ``network_isolated=False``.

Crashes (a signal), hangs (the time limit), errors (exit status) and empty results all end in
a ``RenderResult`` with a status; nothing raises for what OpenSCAD does.
"""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from customizer import scad

LOG_LIMIT = 8000  # characters of OpenSCAD's output kept for the report
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    seconds: float = 60.0
    memory_bytes: int = 2 * 1024**3
    output_bytes: int = 100 * 1024**2


@dataclass
class RenderResult:
    """``status``: ok, timeout, crashed, error (OpenSCAD said no), empty (no geometry),
    refused (the source reads other files), unavailable (no openscad)."""

    status: str
    stl: bytes = b""
    log: str = ""
    seconds: float = 0.0
    returncode: int | None = None
    network_isolated: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def openscad_path() -> str | None:
    """Where ``openscad`` is, or None when it is not installed."""
    return shutil.which(os.environ.get("MAKERHUB_OPENSCAD", "openscad"))


@lru_cache(maxsize=1)
def network_isolation_prefix() -> tuple[str, ...] | None:
    """The command prefix that gives a child an empty network namespace here, or None."""
    unshare = shutil.which("unshare")
    if unshare is None:
        log.warning("customizer: unshare is not installed; renders run without network isolation")
        return None
    for prefix in ((unshare, "-n"), (unshare, "-rn")):
        try:
            done = subprocess.run(  # noqa: S603 - fixed arguments
                [*prefix, "true"], capture_output=True, timeout=10, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return prefix
    log.warning(
        "customizer: no network namespace available (unshare -n and -rn failed); "
        "OpenSCAD renders run without network isolation"
    )
    return None


def _limit_child(limits: Limits) -> Callable[[], None]:
    def apply() -> None:  # runs in the child between fork and exec
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        cpu = int(limits.seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.output_bytes, limits.output_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _tail(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - LOG_LIMIT))
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


def render_stl(
    source: str,
    defines: Sequence[str] = (),
    *,
    limits: Limits | None = None,
    executable: str | None = None,
) -> RenderResult:
    """Render ``source`` with the ``-D`` ``defines`` (from ``scad.define_arguments``) to a
    binary STL. ``executable`` overrides the ``openscad`` found on PATH (tests use it)."""
    limits = limits or Limits()
    program = executable or openscad_path()
    if program is None:
        return RenderResult("unavailable")
    refused = scad.file_access(source)
    if refused:
        lines = ", ".join(str(p.line) for p in refused)
        return RenderResult("refused", log=f"reads other files (line {lines})")
    for index in range(0, len(defines), 2):
        # Defence in depth: only "-D name=literal" pairs, as define_arguments builds them.
        if defines[index] != "-D" or "\n" in defines[index + 1] or ";" in defines[index + 1]:
            raise ValueError("defines must come from scad.define_arguments")
    prefix = network_isolation_prefix() or ()
    with tempfile.TemporaryDirectory(prefix="makerhub-scad-") as workdir:
        work = Path(workdir)
        (work / "model.scad").write_text(source, encoding="utf-8")
        command = [
            *prefix,
            program,
            "-o",
            "out.stl",
            "--export-format",
            "binstl",
            *defines,
            "model.scad",
        ]
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": workdir,
            "OPENSCADPATH": workdir,
            "LANG": "C.UTF-8",
            "TMPDIR": workdir,
        }
        started = time.monotonic()
        with (work / "log.txt").open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 - an argument list, no shell
                command,
                cwd=workdir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_limit_child(limits),  # noqa: PLW1509
                close_fds=True,
            )
            try:
                process.wait(timeout=limits.seconds)
            except subprocess.TimeoutExpired:
                _kill_group(process)
                return RenderResult(
                    "timeout",
                    log=_tail(work / "log.txt"),
                    seconds=time.monotonic() - started,
                    network_isolated=bool(prefix),
                )
            finally:
                # Whatever OpenSCAD left running in its group goes too.
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
        seconds = time.monotonic() - started
        text = _tail(work / "log.txt")
        warnings = [
            line.strip() for line in text.splitlines() if line.startswith(("WARNING", "DEPRECATED"))
        ]
        result = RenderResult(
            "ok",
            log=text,
            seconds=seconds,
            returncode=process.returncode,
            network_isolated=bool(prefix),
            warnings=warnings[:20],
        )
        if process.returncode < 0 or process.returncode > 128:
            result.status = "crashed"
            return result
        if process.returncode != 0:
            result.status = "error"
            return result
        out = work / "out.stl"
        if not out.exists() or out.stat().st_size <= 84:
            result.status = "empty"
            return result
        result.stl = out.read_bytes()
        return result
