"""Guest hostnames as Nova derives them from the server name (RFC 952/1123 characters, at
most 63), unless the user gives one (microversion 2.90; a fully qualified name from 2.94)."""
import re

MAX_LENGTH = 63


def sanitized(name):
    """Nova's sanitize_hostname: Latin-1 only, first 63 characters, spaces, underscores and
    dots become hyphens, anything else but word characters and hyphens goes, lower case,
    no leading or trailing dot or hyphen ('' may remain)."""
    text = name.encode("latin-1", "ignore").decode("latin-1")[:MAX_LENGTH]
    text = re.sub(r"[ _\.]", "-", text)
    text = re.sub(r"[^\w.-]+", "", text)
    return text.lower().strip(".-")


def default(name, uuid, count=1, index=0):
    """The hostname of instance `index` of `count` booted under `name` with none given."""
    hostname = sanitized(name)
    if not hostname:
        return f"Server-{uuid}"
    return f"{hostname}-{index + 1}" if count > 1 else hostname
