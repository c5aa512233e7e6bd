"""The one door every file the game reads goes through: scenarios, their bases, saves, settings.

A file from a stranger must not hang or swamp the game, so a path is refused by its type before a
byte is read (a FIFO would block forever, `/dev/zero` never ends, `/proc` files lie about their
size), symlinks are followed only when they end at a regular file, and at most `limit` bytes are
ever read. Messages name the path and the reason, never the file's contents.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_PATH_CHARS = 1024
SPECIAL_TREES = ("/proc", "/sys", "/dev")  # kernel files: sizes and contents are not data


class UnreadableFile(ValueError):
    """A path that is not a regular, readable file within the size limit; says why in one line."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def shown(path: str | os.PathLike[str]) -> str:
    """A path as a message may print it: one line, no control characters, not too long."""
    text = os.fspath(path)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if not text.isprintable():
        text = repr(text)[1:-1]
    return text if len(text) <= 200 else text[:120] + "…" + text[-60:]


def _kind(mode: int) -> str | None:
    """What a non-regular file is, for the message; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file; refused"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file; refused"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file; refused"
    return "is not a regular file; refused"


def _special_tree(real: str) -> bool:
    return any(real == top or real.startswith(top + "/") for top in SPECIAL_TREES)


def check_path(path: str | os.PathLike[str]) -> Path:
    """The path as a Path if it names a regular file (symlinks followed); else UnreadableFile."""
    name = shown(path)
    text = os.fspath(path)
    if "\x00" in text:
        raise UnreadableFile(name, "the file name holds a NUL character; refused")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UnreadableFile(name, "the file name is not valid text; refused") from None
    if len(text) > MAX_PATH_CHARS:
        raise UnreadableFile(
            name, f"the file name is longer than {MAX_PATH_CHARS:,} characters; refused"
        )
    try:
        info = os.stat(text)
        real = os.path.realpath(text)
    except OSError as exc:
        raise UnreadableFile(name, _os_reason(exc)) from None
    kind = _kind(info.st_mode)
    if kind:
        raise UnreadableFile(name, kind)
    if _special_tree(real):
        raise UnreadableFile(name, "is a system file (under /proc, /sys or /dev); refused")
    return Path(text)


def read_bytes(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most `limit` bytes of the regular file at `path`; UnreadableFile if it is larger."""
    checked = check_path(path)
    name = shown(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(checked, flags)
    except OSError as exc:
        raise UnreadableFile(name, _os_reason(exc)) from None
    try:
        kind = _kind(os.fstat(fd).st_mode)  # swapped for something else since the check?
        if kind:
            raise UnreadableFile(name, kind)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise UnreadableFile(name, _os_reason(exc)) from None
    finally:
        os.close(fd)
    if total > limit:
        raise UnreadableFile(name, f"file is larger than {limit:,} bytes; refused")
    return b"".join(chunks)


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "cannot read: no such file"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long; refused"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links; refused"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot read: permission denied"
    return f"cannot read: {exc.strerror or type(exc).__name__}"
