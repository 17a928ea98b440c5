"""The facilitator key: who may create, close, change, export and delete.

``workshop-kit serve`` keeps one random key per data folder (``workshop-data/facilitator.key``,
readable only by its owner) and never sends it anywhere: the facilitator signs in with a
one-time link (:mod:`workshop_kit.serving.signin`), and the server tells a facilitator page's
kernel only that its visitor signed in (:data:`FACILITATOR_PAGE_VARIABLE`, over a channel only
that kernel can open); the kernel then reads the key from the data folder itself
(:func:`facilitator_of_served_page`). Sessions record the hash of the key that created them,
and the store refuses facilitator actions whose hash differs.

Other servers (a JupyterHub service) give their kernels the key's hash
(``WORKSHOP_KIT_FACILITATOR_KEY_HASH``), and a page proves it is the facilitator's by carrying
the key in its query string (``?key=…``).

A plain hash is enough: the key is 192 random bits, so there is nothing to brute-force.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

KEY_HASH_VARIABLE = "WORKSHOP_KIT_FACILITATOR_KEY_HASH"
#: Set by ``workshop-kit serve`` for its kernels: facilitator pages are gated by its sign-in.
SIGN_IN_VARIABLE = "WORKSHOP_KIT_SERVER_SIGN_IN"
#: In the request a ``workshop-kit serve`` kernel receives: "1" when the signed-in facilitator
#: opened its page (the server sets it; a visitor's address cannot).
FACILITATOR_PAGE_VARIABLE = "WORKSHOP_KIT_FACILITATOR_PAGE"
#: A pre-heated kernel's own secret, given by the server at launch, and the header in which
#: the kernel shows it on ``voila/query/<id>`` (see :mod:`workshop_kit.serving.ownership`).
KERNEL_SECRET_VARIABLE = "WORKSHOP_KIT_KERNEL_SECRET"  # noqa: S105 - a variable's name
KERNEL_SECRET_HEADER = "X-Workshop-Kit-Kernel"  # noqa: S105 - a header's name
#: Header carrying the facilitator key to the server's JSON routes (never an address, which
#: access logs print).
KEY_HEADER = "X-Workshop-Kit-Key"
KEY_FILE_NAME = "facilitator.key"


def new_key() -> str:
    return secrets.token_urlsafe(24)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def load_or_create_key(folder: Path) -> str:
    """The data folder's facilitator key, created (mode 0600) on first use."""
    path = folder / KEY_FILE_NAME
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    key = new_key()
    write_key(folder, key)
    return key


def read_key(folder: Path) -> str | None:
    """The data folder's facilitator key, or ``None`` (never creates one: kernels call it)."""
    try:
        key = (folder / KEY_FILE_NAME).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return key or None


def write_key(folder: Path, key: str) -> None:
    """Write the key file (mode 0600), replacing it atomically so no reader sees half a key."""
    from workshop_kit.paths import private_dir

    private_dir(folder)
    path = folder / KEY_FILE_NAME
    partial = path.with_name(KEY_FILE_NAME + ".new")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    os.replace(partial, path)


@dataclass(frozen=True)
class Facilitator:
    """Proof that the current page was opened with the facilitator key."""

    key_hash: str


def query_parameters(query_string: str | None) -> dict[str, str]:
    """First value of each parameter of a query string (``a=1&b=2``)."""
    parsed = parse_qs(query_string or "", keep_blank_values=False)
    return {name: values[0] for name, values in parsed.items() if values}


def facilitator_from_query(
    query_string: str | None, expected_hash: str | None, trusted_local: bool = False
) -> Facilitator | None:
    """The facilitator credential carried by the query's ``key``, if it may be believed.

    - ``expected_hash``: servers other than ``workshop-kit serve``, configured with the key's
      hash (``workshop-kit serve`` pages use :func:`facilitator_of_served_page` instead and
      never believe a ``key=``).
    - ``trusted_local``: notebooks run in JupyterLab or under nbval, where the person running
      them can execute any code anyway; Voilà pages are never trusted this way.
    """
    if trusted_local and expected_hash is None:
        return Facilitator(key_hash=LOCAL_KEY_HASH)
    key = query_parameters(query_string).get("key")
    if not key:
        return None
    candidate = hash_key(key)
    if expected_hash and hmac.compare_digest(candidate, expected_hash):
        return Facilitator(key_hash=candidate)
    return None


def facilitator_of_served_page(
    environ: Mapping[str, str], folder: Path
) -> tuple[Facilitator, str] | None:
    """For a page of ``workshop-kit serve``: the facilitator and their key, when the server
    told this kernel that its visitor is the signed-in facilitator; else ``None``.

    The key is read from the data folder (readable by the server's account only), never
    received: nothing a visitor can open carries it. A participant's kernel is never told so,
    and reads nothing.
    """
    if environ.get(FACILITATOR_PAGE_VARIABLE) != "1":
        return None
    key = read_key(folder)
    if key is None:
        return None
    return Facilitator(key_hash=hash_key(key)), key


#: Sessions created from JupyterLab or tests without a served key.
LOCAL_KEY_HASH = hash_key("local-notebook")
