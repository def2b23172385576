"""A process's resident memory, as the memory benchmarks read it."""
from pathlib import Path


def vm_rss_kb(pid: int | str = "self") -> int | None:
    """VmRSS of a process in KiB, from /proc; None when it cannot be read
    (no /proc, or the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None
