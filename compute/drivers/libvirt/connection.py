"""One lazily opened libvirt connection per process and URI, and the capabilities of its host."""
import contextlib
import os
import threading

import libvirt

from compute.drivers.base import DriverError


def _ignore_error(_context, _error) -> None:
    """Libvirt error handler that stays silent; errors still arrive as libvirtError."""


class LibvirtConnection:
    """A thread-safe handle on a libvirt connection to `uri`.

    Nothing is opened until the first `get()`. A connection inherited across fork() is never
    reused (libvirt connections are not fork-safe), and a dead one is replaced once per call."""

    def __init__(self, uri: str):
        self.uri = uri
        self._lock = threading.Lock()
        self._conn: libvirt.virConnect | None = None
        self._pid: int | None = None
        self._capabilities: str | None = None

    def get(self) -> libvirt.virConnect:
        """Return a live connection, opening or reopening it as needed.

        Raises DriverError when libvirt refuses the connection."""
        with self._lock:
            if not self._usable():
                self._close_dead()
                self._conn = self._open()
                self._pid = os.getpid()
            return self._conn

    def capabilities(self) -> str:
        """The host's capabilities XML, read once: they do not change while we run."""
        if self._capabilities is None:
            self._capabilities = self.get().getCapabilities()
        return self._capabilities

    def _usable(self) -> bool:
        """True when the held connection belongs to this process and is still alive."""
        if self._conn is None or self._pid != os.getpid():
            return False
        try:
            return bool(self._conn.isAlive())
        except libvirt.libvirtError:
            return False

    def _close_dead(self) -> None:
        """Release a dead connection of this process; one inherited from a parent is dropped
        without a close, which would talk on the parent's socket."""
        if self._conn is not None and self._pid == os.getpid():
            with contextlib.suppress(libvirt.libvirtError):
                self._conn.close()
        self._conn = None

    def _open(self) -> libvirt.virConnect:
        """Open a new connection, keeping libvirt from printing its errors to stderr."""
        libvirt.registerErrorHandler(_ignore_error, None)
        try:
            return libvirt.open(self.uri)
        except libvirt.libvirtError as exc:
            raise DriverError(f"cannot connect to {self.uri}: {exc.get_error_message()}") from exc
