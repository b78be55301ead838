"""Real servers for tests: started as subprocesses on a free loopback port, stopped by their PID."""

from __future__ import annotations

import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(command: list[str], port: int, timeout: float = 60.0, log: Path | None = None, cwd: Path = ROOT):
    """Start ``command`` in ``cwd``, wait until ``port`` on loopback accepts connections, stop it at the end.

    ``log``: a file for its stderr, for a server that writes there as long as it runs (a pipe nobody
    reads would fill and stop it)."""
    stderr = log.open("wb") if log else subprocess.PIPE
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                said = log.read_text(errors="replace") if log else process.stderr.read().decode()
                raise RuntimeError(f"{command[0]} exited: {said}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{command} did not start listening on port {port}")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        (stderr if log else process.stderr).close()


VIRTUOSO = "/usr/bin/virtuoso-t"  # Debian's virtuoso-opensource package
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "kgtest", "kg-test-Pw-7c1e"  # a user of the test's own, for the Graph Store


@contextmanager
def virtuoso(folder: Path):
    """A Virtuoso open-source server on free loopback ports, its ini file and database in ``folder``.

    Yields its base URL; the user VIRTUOSO_USER (password VIRTUOSO_PASSWORD) may write through the
    digest-protected Graph Store at /sparql-graph-crud-auth. Starts in a few seconds.
    """
    sql_port, http_port = free_port(), free_port()
    folder.mkdir(parents=True, exist_ok=True)
    ini = folder / "virtuoso.ini"
    ini.write_text(f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
MaxQueryCostEstimationTime = 0
""", encoding="utf-8")
    with running([VIRTUOSO, "-f", "-c", str(ini)], http_port, log=folder / "stderr.log") as url:
        # The HTTP port opens before the SQL one may take commands: retried for a few seconds.
        deadline = time.monotonic() + 30
        create = (f"DB.DBA.USER_CREATE('{VIRTUOSO_USER}', '{VIRTUOSO_PASSWORD}'); "
                  f"GRANT SPARQL_UPDATE TO \"{VIRTUOSO_USER}\";")
        while subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={create}"],
                             capture_output=True).returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError("Virtuoso did not accept SQL commands")
            time.sleep(0.2)
        yield url
