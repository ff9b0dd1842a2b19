"""Facts a host worker reads about its own machine when it reports: its `uptime` line and
the IP address other machines reach it on."""
import socket
import time

PROC = "/proc"


def uptime_line(proc=PROC, now=None):
    """The line `uptime` prints (what Nova's hypervisor uptime shows), from /proc/uptime and
    /proc/loadavg: ' 08:32:11 up 93 days, 18:25,  load average: 0.20, 0.12, 0.14'. The
    logged-in user count is left out (it needs utmp). '' when /proc can't be read."""
    try:
        with open(f"{proc}/uptime") as f:
            seconds = int(float(f.read().split()[0]))
        with open(f"{proc}/loadavg") as f:
            loads = [float(v) for v in f.read().split()[:3]]
    except (OSError, ValueError, IndexError):
        return ""
    clock = time.strftime("%H:%M:%S", time.localtime(now))
    averages = ", ".join(f"{v:.2f}" for v in loads)
    return f" {clock} up {_duration(seconds)},  load average: {averages}"


def _duration(seconds):
    days, rest = divmod(seconds, 86400)
    hours, minutes = rest // 3600, rest % 3600 // 60
    text = f"{days} day{'s' if days != 1 else ''}, " if days else ""
    return text + (f"{hours:2d}:{minutes:02d}" if hours else f"{minutes} min")


def host_ip(probe=("192.0.2.1", 9)):
    """The source address of this machine's default route (a UDP connect sends nothing),
    else what the hostname resolves to, else None."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(probe)
            return sock.getsockname()[0]
    except OSError:
        pass
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return None
