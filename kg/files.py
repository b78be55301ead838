"""Writing files safely: whole or not at all (a temporary file renamed into place), into a folder that can be
written. Every output of kg goes through here."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from kg.errors import OutputError
from kg.project import GRAPH_FILE, INFERRED_FILE  # noqa: F401  (kg.build.GRAPH_FILE, as before)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so a failure leaves the old file intact."""
    with writing_atomic(path) as stream:
        stream.write(data)


@contextmanager
def writing_atomic(path: Path) -> Iterator[BinaryIO]:
    """A file to write ``path`` through as it is made (an export larger than memory): a temporary file beside
    it, renamed into place when the block ends, removed if anything fails. Raises OutputError."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 would hide the output from other users
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    except BaseException:  # Ctrl-C, or anything else: no temporary file left behind
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_output_folder(out_dir: Path | str) -> None:
    """Refuse, before any work, an output folder that cannot be written (a file in the way, no permission).

    Raises OutputError naming the folder.
    """
    out_dir = Path(out_dir)
    blocked = next((p for p in [out_dir, *out_dir.parents] if p.exists() and not p.is_dir()), None)
    if blocked is not None:
        raise OutputError(f"{out_dir}: cannot write: {blocked} is a file, not a folder")
    existing = next((p for p in [out_dir, *out_dir.parents] if p.exists()), None)
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{out_dir}: cannot write: {existing} is not writable")


def outside(path: Path | str, folder: Path | str) -> str | None:
    """Why ``path`` may not be read as a file of ``folder``, or None if it may: it must resolve (symlinks
    followed) to a regular file inside ``folder``, not a device, a FIFO or a folder. A project's files come
    from other people: one must not make kg read (and publish the digest of) a file elsewhere on the machine.

    >>> outside("/etc/hostname", "/tmp")
    'outside /tmp'
    """
    import stat

    path, folder = Path(path), Path(folder)
    if path.parent == folder and path.name not in ("", ".", ".."):
        # A name listed in the folder that is not a symlink resolves inside it: no need to resolve every
        # component of the path (8,000 files of a large corpus, on every command that checks the build).
        try:
            info = os.lstat(path)
        except OSError:
            return "not found"
        if not stat.S_ISLNK(info.st_mode):
            return None if stat.S_ISREG(info.st_mode) else "not a regular file (a folder, device, FIFO or socket)"
    try:
        resolved = path.resolve()
        if not resolved.is_relative_to(folder.resolve()):
            return f"outside {folder}" + (" (a symlink leading out of it)" if path.is_symlink() else "")
        mode = os.stat(resolved).st_mode
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        return "not found"
    if not stat.S_ISREG(mode):
        return "not a regular file (a folder, device, FIFO or socket)"
    return None
