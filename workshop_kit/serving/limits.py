"""A memory cap for each participant's kernel, set when it is launched.

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
