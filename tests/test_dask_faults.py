"""A build on a real Dask cluster (a scheduler and worker processes on loopback, started and stopped here) that
loses its workers stops with one line within its bound, instead of waiting for ever; a bad address is one
line at once; distributed's own warnings stay off stderr."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from servers import free_port

from kg.build.outputs import build_project
from kg.errors import KgError
from kg.project import ProjectPaths


@pytest.fixture
def data(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def start(command: list[str], env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(command, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def wait_for_line(process: subprocess.Popen, text: str, seconds: float = 60) -> None:
    """Read the process's stderr until a line holds ``text``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stderr.readline().decode()
        if text in line:
            return
        assert line, f"the process ended before saying {text!r}"
    raise AssertionError(f"no {text!r} after {seconds} s")


@pytest.fixture
def cluster():
    """Start a scheduler (``allowed_failures``: how often a task may lose its worker) and workers on demand;
    every process is stopped at the end."""
    processes: list[subprocess.Popen] = []

    def scheduler(allowed_failures: int = 3) -> str:
        port = free_port()
        process = start([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
                         str(port), "--no-dashboard"],
                        {"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": str(allowed_failures)})
        processes.append(process)
        wait_for_line(process, "Scheduler at:")
        return f"127.0.0.1:{port}"

    def worker(address: str) -> subprocess.Popen:
        """A worker whose build_part stops for good (KG_FAULT_STAGE): it is busy with a document when killed."""
        process = start([sys.executable, "-m", "distributed.cli.dask_worker", f"tcp://{address}", "--no-nanny",
                         "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"], {"KG_FAULT_STAGE": "documents"})
        processes.append(process)
        return process

    yield scheduler, worker
    for process in processes:
        process.kill()
        process.wait(10)


def kg_build(data: Path, out: Path, address: str, seconds: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", "--data", str(data), "--ontology",
                             str(ROOT / "ontology" / "kg.ttl"), "--out", str(out), "--executor", f"dask://{address}"],
                            env={**os.environ, "KG_DASK_TIMEOUT": seconds}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def test_a_cluster_that_loses_all_its_workers_stops_the_build_within_the_bound(cluster, data, tmp_path):
    scheduler, worker = cluster
    address = scheduler()
    busy = worker(address)
    build = kg_build(data, tmp_path / "out", address, "3")
    wait_for_line(busy, "KG_FAULT_STAGE=documents")  # the worker holds the document's task
    busy.send_signal(signal.SIGKILL)
    killed = time.monotonic()
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 1
    assert 3 <= time.monotonic() - killed < 30
    assert stderr.decode() == (f"kg: error: the Dask scheduler at {address} has had no workers for 3 s "
                               "($KG_DASK_TIMEOUT); the build stops (nothing written)\n")
    assert not (tmp_path / "out").exists()


def test_a_task_lost_with_its_worker_more_often_than_allowed_stops_the_build(cluster, data, tmp_path):
    scheduler, worker = cluster
    address = scheduler(allowed_failures=0)
    busy = worker(address)
    build = kg_build(data, tmp_path / "out", address, "600")
    wait_for_line(busy, "KG_FAULT_STAGE=documents")
    busy.send_signal(signal.SIGKILL)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 1
    assert stderr.decode() == (f"kg: error: the Dask scheduler at {address}: a document's task was lost with every "
                               "worker that ran it, more times than the scheduler allows "
                               "(distributed.scheduler.allowed-failures); are the workers short of memory?\n")


def test_a_scheduler_without_workers_is_one_line_after_the_bound(cluster, data, tmp_path, monkeypatch):
    scheduler, _ = cluster
    address = scheduler()
    monkeypatch.setenv("KG_DASK_TIMEOUT", "2")
    paths = ProjectPaths(data_dir=data, ontology_path=ROOT / "ontology" / "kg.ttl", out_dir=tmp_path / "out")
    start_time = time.monotonic()
    with pytest.raises(KgError, match=f"^the Dask scheduler at {address} has no workers after 2 s "):
        build_project(paths, executor=f"dask://{address}")
    assert time.monotonic() - start_time < 20


@pytest.mark.parametrize("executor", ["dask://nonsense", "dask://host:port", "dask://127.0.0.1:99999",
                                      "dask://kg:secret@127.0.0.1:8786", "dask://127.0.0.1:8786/x"])
def test_a_bad_dask_address_is_one_line_at_once(data, tmp_path, executor):
    from click.testing import CliRunner

    from kg.cli import main

    start_time = time.monotonic()
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(tmp_path / "out"),
                                       "--executor", executor])
    assert time.monotonic() - start_time < 5
    assert result.exit_code == 1
    assert result.output.endswith("not a Dask scheduler's address; expected dask://HOST:PORT "
                                  "(e.g. dask://127.0.0.1:8786)\n")
    assert result.output.count("\n") == 1 and "secret" not in result.output


def test_distributeds_own_warnings_and_log_lines_stay_quiet_unless_verbose(recwarn):
    import logging
    import warnings

    import distributed  # noqa: F401  its configuration gives "distributed.client" a level and a handler of its own

    from kg.build.executors import _distributed_quiet

    class Recorder(logging.Handler):
        def __init__(self) -> None:
            super().__init__()
            self.lines: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.lines.append(record.getMessage())

    client_logger, recorder = logging.getLogger("distributed.client"), Recorder()
    client_logger.addHandler(recorder)  # beside distributed's own handler, which writes to the terminal
    kg_logger = logging.getLogger("kg")
    level = kg_logger.level
    kg_logger.setLevel(logging.WARNING)  # a run without --verbose (an earlier in-process `kg ... -v` may have set DEBUG)
    try:
        with _distributed_quiet():
            warnings.warn_explicit("Sending large graph of size 21.61 MiB.", UserWarning, "client.py", 1,
                                   module="distributed.client")
            client_logger.warning("Couldn't gather 1 keys, rescheduling")
        assert len(recwarn) == 0 and recorder.lines == []
        assert client_logger.level == logging.WARNING  # distributed's own level, given back
        kg_logger.setLevel(logging.DEBUG)  # kg build --verbose
        with _distributed_quiet():
            client_logger.warning("Couldn't gather 1 keys, rescheduling")
        assert recorder.lines == ["Couldn't gather 1 keys, rescheduling"]
    finally:
        kg_logger.setLevel(level)
        client_logger.removeHandler(recorder)
