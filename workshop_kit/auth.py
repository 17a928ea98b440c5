"""The facilitator key: who may create, close, change, export and delete.

``workshop-kit serve`` keeps one random key per data folder (``workshop-data/facilitator.key``,
readable only by its owner), prints it inside the facilitator link, and hands the Voilà kernels
only its SHA-256 hash (``WORKSHOP_KIT_FACILITATOR_KEY_HASH``). A page proves it is the
facilitator's by carrying the key in its query string (``?key=…``); sessions record the hash of
the key that created them, and the store refuses facilitator actions whose hash differs.

A plain hash is enough: the key is 192 random bits, so there is nothing to brute-force.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

KEY_HASH_VARIABLE = "WORKSHOP_KIT_FACILITATOR_KEY_HASH"
#: Set by ``workshop-kit serve`` for its kernels: facilitator pages are gated by its sign-in.
SIGN_IN_VARIABLE = "WORKSHOP_KIT_SERVER_SIGN_IN"
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
    query_string: str | None,
    expected_hash: str | None,
    trusted_local: bool = False,
    server_signed_in: bool = False,
) -> Facilitator | None:
    """The facilitator credential carried by the query's ``key``, if it may be believed.

    - ``server_signed_in``: the page is served by ``workshop-kit serve``, which puts ``key=``
      into a facilitator page's request itself, after checking the browser's sign-in cookie,
      and refuses facilitator pages to everyone else. The kernel holds no hash to compare
      with (so a participant's kernel holds no credential at all); the store compares the
      key's hash with each session's own.
    - ``expected_hash``: other servers configured with the key's hash.
    - ``trusted_local``: notebooks run in JupyterLab or under nbval, where the person running
      them can execute any code anyway; Voilà pages are never trusted this way.
    """
    if trusted_local and expected_hash is None:
        return Facilitator(key_hash=LOCAL_KEY_HASH)
    key = query_parameters(query_string).get("key")
    if not key:
        return None
    candidate = hash_key(key)
    if server_signed_in:
        return Facilitator(key_hash=candidate)
    if expected_hash and hmac.compare_digest(candidate, expected_hash):
        return Facilitator(key_hash=candidate)
    return None


#: Sessions created from JupyterLab or tests without a served key.
LOCAL_KEY_HASH = hash_key("local-notebook")
