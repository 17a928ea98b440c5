"""``workshop-kit serve``: start the workshop on this laptop.

Prepares everything a kernel needs through environment variables (store URL, profile,
facilitator key hash, public address), checks the profile and the store before starting so a
mistake is reported in one line instead of inside every page, prints the two links, then runs
standalone Voilà in this process. Ctrl-C stops it and its kernels.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from workshop_kit.auth import SIGN_IN_VARIABLE, load_or_create_key
from workshop_kit.cli import CommandError
from workshop_kit.i18n import Translator
from workshop_kit.paths import notebooks_dir, sample_profile_path, workshop_data_dir
from workshop_kit.serving.limits import PARTICIPANT_MEMORY_MB
from workshop_kit.serving.pools import DEFAULT_PARTICIPANTS, FREE_AFTER_SECONDS
from workshop_kit.serving.signin import SIGN_IN_PATH, FacilitatorSignIn, install

DEFAULT_PORT = 8866


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="start the workshop (Voilà + embedded SQLite store)",
        description="Start the workshop apps. Prints the facilitator link (keep it private) "
        "and the participant join link.",
    )
    parser.add_argument("--profile", type=Path, help="community profile YAML (default: sample)")
    parser.add_argument("--db", help="SQLAlchemy URL of the store (default: SQLite file)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default 8866)")
    parser.add_argument(
        "--lan",
        action="store_true",
        help="listen on all interfaces so phones on the same network can join",
    )
    parser.add_argument(
        "--participants",
        type=int,
        default=DEFAULT_PARTICIPANTS,
        metavar="N",
        help=f"phones to get ready for before people arrive (default {DEFAULT_PARTICIPANTS}; "
        "the hub can change it)",
    )
    parser.add_argument(
        "--free-after",
        type=float,
        default=FREE_AFTER_SECONDS,
        metavar="SECONDS",
        help="free a participant's kernel once their page has been gone this long "
        f"(default {FREE_AFTER_SECONDS:g})",
    )
    parser.add_argument(
        "--public-url",
        default="",
        metavar="URL",
        help="the address phones use, when a proxy serves this server over HTTPS "
        "(e.g. https://workshop.example.org; see docs/deploying.md)",
    )
    parser.add_argument(
        "--kernel-memory",
        type=int,
        default=PARTICIPANT_MEMORY_MB,
        metavar="MB",
        help="address space each participant's kernel may use; past it the page reloads "
        f"into a fresh kernel (default {PARTICIPANT_MEMORY_MB}; 0: no cap)",
    )
    parser.add_argument(
        "--print-only", action="store_true", help="check and print the links, do not start"
    )
    parser.set_defaults(handler=serve)


@dataclass(frozen=True)
class ServePlan:
    """Everything decided before Voilà starts; printed, then turned into env and argv."""

    profile: Path
    db_url: str
    bind_ip: str
    public_host: str
    port: int
    facilitator_key: str
    data_dir: Path
    participants: int = DEFAULT_PARTICIPANTS
    free_after_seconds: float = FREE_AFTER_SECONDS
    kernel_memory_mb: int = PARTICIPANT_MEMORY_MB
    #: The address phones use when a proxy in front serves HTTPS ("": this server's own).
    public_url: str = ""

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://{self.public_host}:{self.port}"

    def sign_in_link(self, token: str) -> str:
        """The facilitator's one-time sign-in link (the key itself is never in a link)."""
        return f"{self.base_url}/{SIGN_IN_PATH}{token}"

    @property
    def participant_link(self) -> str:
        return f"{self.base_url}/"

    def environment(self) -> dict[str, str]:
        return {
            "WORKSHOP_KIT_DB": self.db_url,
            "WORKSHOP_KIT_PROFILE": str(self.profile),
            "WORKSHOP_KIT_HOME": str(self.data_dir),
            "WORKSHOP_KIT_PUBLIC_URL": self.base_url,
            # Kernels get no key and no hash: facilitator pages are let through by the
            # server's sign-in, which hands the key to those pages' kernels alone.
            SIGN_IN_VARIABLE: "1",
        }

    def voila_argv(self) -> list[str]:
        return [
            str(notebooks_dir()),
            f"--port={self.port}",
            f"--Voila.ip={self.bind_ip}",
            f"--WorkshopVoila.participants={self.participants}",
            f"--WorkshopVoila.free_after_seconds={self.free_after_seconds}",
            f"--WorkshopVoila.kernel_memory_mb={self.kernel_memory_mb}",
            "--no-browser",
        ]


def plan(arguments: argparse.Namespace) -> ServePlan:
    from workshop_kit.core.store import StoreError, open_store, sqlite_url
    from workshop_kit.profile import ProfileError, load_profile

    data_dir = workshop_data_dir()
    profile_path = (arguments.profile or sample_profile_path()).resolve()
    try:
        profile = load_profile(profile_path)
    except ProfileError as error:
        problems = "\n  ".join(error.problems)
        raise CommandError(f"the community profile has problems:\n  {problems}") from None
    from workshop_kit.activities.questions.sets import check_question_sets, community_sets
    from workshop_kit.core.plan import PlanError, community_plan

    t = Translator(profile.language)
    refused = check_question_sets(profile_path, profile.language)
    if refused:  # a question set with a mistake: refused here with its lines, not on a page
        lines = "\n".join(
            t("questions.check.refused", file=error.source)
            + "\n  "
            + "\n  ".join(error.describe(t))
            for error in refused
        )
        raise CommandError(lines)
    try:
        with community_sets(profile_path):
            community_plan(profile, profile.language)  # the hub's order: refused here
    except PlanError as error:
        lines = "\n  ".join(
            i.describe(Translator(profile.language), error.source) for i in error.issues
        )
        raise CommandError(f"the workshop plan {error.source} has problems:\n  {lines}") from None
    db_url = (
        arguments.db
        or os.environ.get("WORKSHOP_KIT_DB")
        or sqlite_url(data_dir / "workshop.sqlite")
    )
    try:
        open_store(db_url)
    except StoreError as error:
        raise CommandError(f"cannot open the store {_safe_url(db_url)}: {error}") from None
    if not 1 <= arguments.port <= 65535:
        raise CommandError(f"--port must be between 1 and 65535 (got {arguments.port})")
    public_url = (getattr(arguments, "public_url", "") or "").rstrip("/")
    if public_url and not re.fullmatch(r"https?://[\w.:\[\]-]+(/[\w./-]*)?", public_url):
        raise CommandError(f"--public-url must be an http(s) address (got {public_url})")
    if arguments.kernel_memory != 0 and not 300 <= arguments.kernel_memory <= 65536:
        raise CommandError(
            f"--kernel-memory must be 0 or between 300 and 65536 MB (got {arguments.kernel_memory})"
        )
    if not 0 <= arguments.participants <= 500:
        raise CommandError(
            f"--participants must be between 0 and 500 (got {arguments.participants})"
        )
    bind_ip = "0.0.0.0" if arguments.lan else "127.0.0.1"  # noqa: S104 - --lan asks for it
    public_host = lan_address() if arguments.lan else "127.0.0.1"
    return ServePlan(
        profile=profile_path,
        db_url=db_url,
        bind_ip=bind_ip,
        public_host=public_host,
        port=arguments.port,
        facilitator_key=load_or_create_key(data_dir),
        data_dir=data_dir,
        participants=arguments.participants,
        free_after_seconds=arguments.free_after,
        kernel_memory_mb=arguments.kernel_memory,
        public_url=public_url,
    )


def serve(arguments: argparse.Namespace) -> int:
    settings = plan(arguments)
    if arguments.print_only:
        print_banner(settings, sign_in_link=None)
        return 0
    sign_in = install(FacilitatorSignIn(settings.facilitator_key))
    print_banner(settings, sign_in_link=settings.sign_in_link(sign_in.issue()))
    os.environ.update(settings.environment())
    sys.stdout.flush()
    from workshop_kit.serving.app import WorkshopVoila

    WorkshopVoila.launch_instance(argv=settings.voila_argv())
    return 0


def print_banner(settings: ServePlan, sign_in_link: str | None) -> None:
    """The join link first and large (it goes on the projector), the sign-in link after it.

    The terminal may well be projected: the sign-in link works once, so a glimpse of it is
    worth nothing once the facilitator has used it, and the key itself is never printed.
    """
    from workshop_kit.profile import load_profile

    profile = load_profile(settings.profile)
    label = f"{profile.name} (synthetic sample)" if profile.synthetic else profile.name
    join = settings.participant_link
    rule = "=" * (len(join) + 8)
    print(
        "\nCompassionate Communities workshop kit\n"
        f"  Community : {label}\n"
        f"  Store     : {_safe_url(settings.db_url)}\n\n"
        f"  Participants join at:\n\n  {rule}\n      {join}\n  {rule}\n",
        flush=True,
    )
    if sign_in_link is None:
        print("  The facilitator's one-time sign-in link is printed when the server starts.\n")
    else:
        print(
            "  Facilitator sign-in (works once; keep it off the projector):\n"
            f"    {sign_in_link}\n"
            "  Lost it, or signing in on another device? Run `workshop-kit sign-in`.\n",
            flush=True,
        )
    if settings.base_url.startswith("https://"):
        print("  Served to phones over HTTPS by the proxy in front of this server.\n")
    elif settings.public_host == "127.0.0.1":
        print("  Only this computer can connect. Use `make serve ARGS=--lan` for phones.\n")
    else:
        print(
            "  Facilitator: sign in on THIS laptop, not on a phone or tablet. Over the hall's\n"
            "  Wi-Fi this server speaks plain HTTP, so anyone nearby could read what crosses\n"
            "  the air; the sign-in only works from the device that opened the link. To sign\n"
            "  in from another device, serve over HTTPS (docs/deploying.md).\n",
            flush=True,
        )
    if sign_in_link is not None:
        print("  Press Ctrl-C to stop.\n", flush=True)


def lan_address() -> str:
    """This machine's address on the local network, read from the interfaces (no traffic)."""
    if shutil.which("ip"):
        try:
            output = subprocess.run(
                ["ip", "-4", "-o", "addr", "show", "scope", "global"],  # noqa: S607
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout
            for line in output.splitlines():
                parts = line.split()
                if "inet" in parts:
                    return parts[parts.index("inet") + 1].split("/")[0]
        except (OSError, subprocess.SubprocessError):
            pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])
            if not address.startswith("127."):
                return address
    except OSError:
        pass
    return "127.0.0.1"


def _safe_url(url: str) -> str:
    """A database URL without its password, for printing."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unreadable URL>"
