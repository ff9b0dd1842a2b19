"""One driver call at a time per instance on a host (Nova's compute manager serializes build
and terminate on the instance uuid the same way): a delete that arrives while its build is
still spawning waits for the spawn, then removes what it made, instead of removing the
instance directory under the spawn's feet. The host worker is one process with a thread
pool (Procfile, docker-compose.yml, scripts/conformance.sh), so process-local locks do."""
import contextlib
import threading

_guard = threading.Lock()
_locks: dict[str, list] = {}  # uuid → [lock, holders and waiters]


@contextlib.contextmanager
def instance_lock(uuid: str):
    """Hold the instance's lock for the block; the entry goes once nobody holds or awaits it."""
    with _guard:
        entry = _locks.setdefault(uuid, [threading.Lock(), 0])
        entry[1] += 1
    try:
        with entry[0]:
            yield
    finally:
        with _guard:
            entry[1] -= 1
            if entry[1] == 0:
                del _locks[uuid]


def users(uuid: str) -> int:
    """How many callers hold or await the instance's lock (0 when none)."""
    with _guard:
        return _locks[uuid][1] if uuid in _locks else 0
