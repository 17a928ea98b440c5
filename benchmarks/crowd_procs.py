"""Reading CPU time and memory of process trees from /proc, for ``bench_crowd``.

The crowd benchmark must say what a hall of phones costs the laptop: CPU-seconds and private
memory of the Voilà server and of every kernel it started. ``psutil`` is not a dependency of
the kit, and /proc gives exactly what is needed:

- CPU: ``utime + stime`` of each live process, plus ``cutime + cstime`` (the time of its
  children that have already ended and been reaped), so a kernel culled during the measurement
  still counts, in its parent's ``cutime``.
- Memory: USS, the pages only this process holds (``Private_Clean + Private_Dirty`` of
  ``smaps_rollup``): what freeing the kernel would give back.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")
_KERNEL_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json")


@dataclass(frozen=True)
class Process:
    """One line of the process table: the fields the benchmark needs."""

    pid: int
    ppid: int
    own_cpu_s: float  # utime + stime
    reaped_children_cpu_s: float  # cutime + cstime
    cmdline: str

    @property
    def cpu_s(self) -> float:
        """CPU of this process and of its children already ended (not of live children)."""
        return self.own_cpu_s + self.reaped_children_cpu_s

    @property
    def is_kernel(self) -> bool:
        return "ipykernel" in self.cmdline

    @property
    def kernel_id(self) -> str | None:
        """The Jupyter kernel id, read from the connection file named on the command line."""
        match = _KERNEL_FILE.search(self.cmdline)
        return match.group(1) if match else None


def read_process(pid: int) -> Process | None:
    """The process ``pid``, or ``None`` if it has ended (a race the caller must accept)."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
        cmdline = (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except (OSError, UnicodeDecodeError):
        return None
    # The command name in parentheses may hold spaces: the fields start after the last ')'.
    fields = stat.rsplit(")", 1)[1].split()
    ppid = int(fields[1])
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return Process(
        pid=pid,
        ppid=ppid,
        own_cpu_s=(utime + stime) / CLOCK_TICKS,
        reaped_children_cpu_s=(cutime + cstime) / CLOCK_TICKS,
        cmdline=cmdline.strip(),
    )


def process_table() -> dict[int, Process]:
    """Every process readable now, by pid."""
    table = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            process = read_process(int(entry.name))
            if process is not None:
                table[process.pid] = process
    return table


def tree(root: int, table: dict[int, Process] | None = None) -> list[Process]:
    """``root`` and all its live descendants (empty if ``root`` has ended)."""
    table = process_table() if table is None else table
    children: dict[int, list[int]] = {}
    for process in table.values():
        children.setdefault(process.ppid, []).append(process.pid)
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        if pid in table:
            found.append(table[pid])
            pending.extend(children.get(pid, []))
    return found


def tree_cpu_s(processes: Iterable[Process]) -> float:
    """CPU-seconds of a process tree, ended-and-reaped members included."""
    return sum(process.cpu_s for process in processes)


def kernels(root: int, table: dict[int, Process] | None = None) -> list[Process]:
    """The ipykernel processes under ``root``."""
    return [process for process in tree(root, table) if process.is_kernel]


def uss_mb(pid: int) -> float | None:
    """Private memory of ``pid`` in MB (``None`` if it has ended)."""
    try:
        rollup = (PROC / str(pid) / "smaps_rollup").read_text()
    except OSError:
        return None
    kilobytes = 0
    for line in rollup.splitlines():
        if line.startswith(("Private_Clean:", "Private_Dirty:")):
            kilobytes += int(line.split()[1])
    return kilobytes / 1024


def machine_busy_cpu_s() -> float:
    """CPU-seconds all processes of the machine have used since boot (``/proc/stat``).

    The machine is shared: the part of it not spent by the server under test says how much
    the figures were disturbed.
    """
    fields = (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]
    ticks = [int(value) for value in fields[:8]]  # user nice system idle iowait irq softirq steal
    return (sum(ticks) - ticks[3] - ticks[4]) / CLOCK_TICKS


def quiet_for(pids: Iterable[int], seconds: float, threshold_cpu_s: float = 0.05) -> bool:
    """Whether the processes ``pids`` together used less than ``threshold`` CPU in ``seconds``.

    Used to tell an old server's pre-heat pool is done: it has no endpoint to say so.
    """
    pids = list(pids)

    def total() -> float:
        return sum(p.own_cpu_s for p in map(read_process, pids) if p is not None)

    before = total()
    time.sleep(seconds)
    return total() - before < threshold_cpu_s


def end_tree(root: int, grace_s: float = 15.0) -> None:
    """Stop a server started in its own session, and every process it started.

    SIGTERM to the process group lets Voilà shut its kernels down; kernels are started in
    sessions of their own by jupyter_client, so whatever remains of the tree afterwards is
    killed by pid.
    """
    descendants = [process.pid for process in tree(root)]
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(root, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline and _alive(root):
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(root, signal.SIGKILL)
    for pid in descendants:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    process = read_process(pid)
    if process is None:
        return False
    try:
        state = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
