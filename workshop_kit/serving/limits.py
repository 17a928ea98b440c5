"""How much memory kernels may take: a cap on each participant's kernel, set when it is
launched, and the ceiling on how many kernels the laptop holds.

One phone grew its kernel from 89 to 335 MB (issue 17, finding 5); forty of them would take
the laptop. Each participant kernel now starts with ``RLIMIT_AS`` (its address space) capped:
past the cap an allocation fails, the kernel raises ``MemoryError`` or dies, and the page's
watchdog finds its kernel gone and reloads into a fresh one, as the same participant. The rest
of the room does not notice.

``RLIMIT_AS`` counts address space reserved as well as used. glibc gives each thread of a
process its own malloc arena, reserved 64 MB at a time: an idle participant kernel (13 threads)
reserved about 900 MB for 80 MB in use. ``MALLOC_ARENA_MAX=2`` keeps that reservation small, so
the cap can measure what a kernel really holds. Facilitator kernels are not capped: they hold
pandas and matplotlib and are few.
"""

from __future__ import annotations

import resource
from functools import partial
from typing import Any

#: Address space a participant's kernel may hold, in MB (``--kernel-memory``; 0: no cap).
#: An idle participant kernel reserves about 260 MB with two malloc arenas (measured), so
#: this leaves it some 240 MB to grow, several times what a form needs.
PARTICIPANT_MEMORY_MB = 500
#: Malloc arenas a capped kernel may reserve (see the module notes).
MALLOC_ARENAS = "2"


def _cap_address_space(limit_bytes: int) -> None:
    """Runs in the new kernel process between fork and exec (no locks, no imports)."""
    resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))


def memory_cap(megabytes: int, env: dict[str, str]) -> dict[str, Any]:
    """Launch options (``env`` and ``preexec_fn``, passed through to ``subprocess.Popen`` by
    jupyter_client) that start a kernel under a cap of ``megabytes`` of address space."""
    return {
        "env": {**env, "MALLOC_ARENA_MAX": MALLOC_ARENAS},
        "preexec_fn": partial(_cap_address_space, megabytes * 1024 * 1024),
    }


# -- how many kernels fit ---------------------------------------------------------------

#: Private memory a kernel may need, for the ceiling (participant kernels hold ~55 MB,
#: facilitator kernels with pandas and matplotlib up to ~150 MB).
KERNEL_BUDGET_MB = 120
#: Memory kept free for the server, the browser on the projector and the system.
RESERVED_MB = 1500


def available_memory_mb() -> int:
    """``MemAvailable`` from ``/proc/meminfo`` in MB (a large number where it is unknown)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 1 << 20


def kernel_ceiling(available_mb: int) -> int:
    """How many kernels fit in ``available_mb`` while leaving room for everything else."""
    return max(4, (available_mb - RESERVED_MB) // KERNEL_BUDGET_MB)


def private_memory_mb(pid: int) -> float | None:
    """Unique set size (private clean + dirty pages) of a process, in MB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            kilobytes = sum(
                int(line.split()[1])
                for line in rollup
                if line.startswith(("Private_Clean:", "Private_Dirty:"))
            )
    except (OSError, ValueError):
        return None
    return kilobytes / 1024
