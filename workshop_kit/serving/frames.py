"""Kernel websocket frames, read without trusting a single number in them.

Jupyter's ``v1.kernel.websocket.jupyter.org`` frame is ``count`` (8 bytes, little-endian),
then ``count`` offsets (8 bytes each), then the channel name and the message parts those
offsets delimit. jupyter_server's ``deserialize_msg_from_ws_v1`` and Voilà's
``read_header_from_binary_message`` both loop ``count`` times before looking at the frame's
length: a 16-byte frame saying ``count = 2**62`` made the server's only thread spin and its
memory grow until the laptop gave out (issue 17, finding 1). Here the count is checked against
the frame's own length first, so no loop ever runs longer than the frame is.

Pure functions, no Tornado: :mod:`workshop_kit.serving.guards` uses them on every frame.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
#: Bytes of the count and of each offset.
WORD = 8
#: Offsets in the smallest message a client may send: the channel's start and end, then the
#: ends of header, parent header, metadata and content (buffers come after, if any).
MIN_OFFSETS = 6
#: Channels a client may write to (``iopub`` only flows from the kernel to the page).
CLIENT_CHANNELS = frozenset({"shell", "control", "stdin"})


def v1_offsets(frame: bytes) -> list[int] | None:
    """The offsets of a v1 frame, or ``None`` unless every one of them lies inside it.

    The count is refused before any loop when the frame could not even hold that many
    offsets, so the work done is bounded by ``len(frame)``, whatever the count says.
    """
    if not isinstance(frame, bytes) or len(frame) < WORD:
        return None
    count = int.from_bytes(frame[:WORD], "little")
    if count < 2 or WORD * (count + 1) > len(frame):
        return None
    offsets = [
        int.from_bytes(frame[WORD * (index + 1) : WORD * (index + 2)], "little")
        for index in range(count)
    ]
    if offsets[0] < WORD * (count + 1) or offsets[-1] > len(frame):
        return None
    if any(later < earlier for earlier, later in itertools.pairwise(offsets)):
        return None
    return offsets


def client_frame_problem(frame: bytes | str) -> str | None:
    """Why a frame from a browser must not reach jupyter_server (``None``: it may).

    Under the v1 protocol every frame is binary; a text frame, a count the frame cannot hold,
    offsets outside it or out of order, too few parts or an unknown channel are refused.
    """
    if isinstance(frame, str):
        return "text frame on a v1 socket"
    offsets = v1_offsets(frame)
    if offsets is None:
        return "offsets do not fit in the frame"
    if len(offsets) < MIN_OFFSETS:
        return "too few message parts"
    try:
        channel = frame[offsets[0] : offsets[1]].decode("utf-8")
    except UnicodeDecodeError:
        return "channel is not text"
    if channel not in CLIENT_CHANNELS:
        return "unknown channel"
    return None


#: Position of each JSON part of a message among a frame's parts (after the channel).
HEADER, PARENT_HEADER, METADATA, CONTENT = range(4)


def v1_part(frame: bytes, part: int) -> dict[str, Any] | None:
    """One JSON part of a v1 frame (``None`` if the frame or the part cannot be read)."""
    offsets = v1_offsets(frame)
    if offsets is None or len(offsets) < part + 3:
        return None
    try:
        value = json.loads(frame[offsets[part + 1] : offsets[part + 2]].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def v1_header(frame: bytes) -> dict[str, Any] | None:
    """The message header of a v1 frame (``None`` if the frame or header cannot be read).

    A bounded replacement for Voilà's ``read_header_from_binary_message``, which Voilà calls on
    every binary frame the server sends, whatever protocol the socket speaks.
    """
    return v1_part(frame, HEADER)


def kept_from_the_page(frame: bytes) -> bool:
    """Whether a frame from the kernel must not reach the page.

    ``execute_input`` (Voilà never shows code), and the kernel's ``stderr``: ipykernel
    forwards what it writes there, such as the traceback of a malformed widget message a
    hostile client sent on purpose, with the kit's file paths in it (issue 17, finding 7).
    The kit's pages say what went wrong in their own words; ``error`` messages are already
    stripped of their traceback by jupyter_server (``allow_tracebacks`` off in voila.json).
    """
    header = v1_header(frame)
    if header is None:
        return False
    kind = header.get("msg_type")
    if kind == "execute_input":
        return True
    if kind == "stream":
        content = v1_part(frame, CONTENT)
        return content is None or content.get("name") != "stdout"
    return False


def v1_frame(channel: str, parts: list[bytes]) -> bytes:
    """A v1 frame (what a well-behaved client sends; the tests build theirs with it)."""
    encoded = channel.encode("utf-8")
    offsets = [WORD * (len(parts) + 3)]
    offsets.append(offsets[-1] + len(encoded))
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    words = [len(offsets).to_bytes(WORD, "little")]
    words += [offset.to_bytes(WORD, "little") for offset in offsets]
    return b"".join([*words, encoded, *parts])
