"""Ctrl-C and SIGTERM stop `kg build` at once and cleanly, whatever it is doing.

Each test starts the real command, waits for a moment of the run (worker processes starting,
temporary output files being written), sends the signal and checks what the user sees: exit code
130 or 143, one line, no `.tmp` file, the earlier output byte for byte, no process left running.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from hostile_fixtures import kg_command, notice_folder

EARLIER = {name: f"earlier {name}\n" for name in ("graph.graphml", "graph.gexf", "graph.json", "nodes.csv", "edges.csv", "graph.html")}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    # 40 articles: two worker batches; about 5,000 nodes and 10,000 edges, so the files take a while
    return notice_folder(tmp_path_factory.mktemp("notices"), files=40)


def children_of(pid: int) -> set[int]:
    """Processes whose parent is `pid` (from /proc)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == pid:
            out.add(int(entry.name))
    return out


def running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"  # a zombie has stopped; only its exit status is left


def temp_files(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.endswith(".tmp"))


def wait_until(condition, proc, timeout=120.0, step=0.005) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the run ended (exit {proc.returncode}) before the moment to interrupt it: {proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the moment to interrupt never came")
        time.sleep(step)


@pytest.mark.parametrize("moment", ["workers starting", "writing"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_run_cleanly(inputs, tmp_path, moment, signum):
    out = tmp_path / "out"
    out.mkdir()
    for name, text in EARLIER.items():
        (out / name).write_text(text, encoding="utf-8")
    proc = subprocess.Popen(
        kg_command("build", str(inputs), "-o", str(out), "-j", "2", "-q"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    seen: set[int] = set()

    def workers_started():
        seen.update(children_of(proc.pid))
        return bool(seen)

    def writing():
        seen.update(children_of(proc.pid))
        return bool(temp_files(out))

    wait_until(workers_started if moment == "workers starting" else writing, proc)
    proc.send_signal(signum)
    try:
        stdout, stderr = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the run did not stop within 30 s of the signal")

    assert proc.returncode == 128 + signum, stderr
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Interrupted"), stderr
    assert "Traceback" not in stderr + stdout
    assert temp_files(out) == []
    for name, text in EARLIER.items():
        assert (out / name).read_text(encoding="utf-8") == text, f"{name} was changed"
    assert seen, "no worker process was seen"
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in seen) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in seen if running(pid)], "a worker process outlived the run"


def test_an_interrupted_run_leaves_no_new_output_folder(inputs, tmp_path):
    out = tmp_path / "new" / "out"
    proc = subprocess.Popen(kg_command("build", str(inputs), "-o", str(out), "-j", "2", "-q"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until(lambda: bool(children_of(proc.pid)), proc)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert not (tmp_path / "new").exists()  # the folders this run created were empty: removed


def test_a_worker_killed_by_the_system_is_one_clear_error(inputs, tmp_path):
    """What the kernel's out-of-memory killer does to a worker: one `Error:` line, exit 1."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.json").write_text("earlier\n", encoding="utf-8")
    proc = subprocess.Popen(kg_command("build", str(inputs), "-o", str(out), "-j", "2", "-q", "-f", "json"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until(lambda: bool(children_of(proc.pid)), proc)
    time.sleep(0.5)
    workers = children_of(proc.pid)
    os.kill(min(workers), signal.SIGKILL)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1, stderr
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:") and "-j 1" in lines[0], stderr
    assert (out / "graph.json").read_text(encoding="utf-8") == "earlier\n"
    time.sleep(0.5)
    assert not [pid for pid in workers if running(pid)]
