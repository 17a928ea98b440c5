"""The ``workshop-kit`` command.

Each sub-command lives in its own module of this package and registers itself through a
``register(subparsers)`` function listed in :data:`COMMAND_MODULES`. Commands print plain
messages, never tracebacks, and exit non-zero when something is wrong.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES: tuple[str, ...] = (
    "workshop_kit.cli.serve",
    "workshop_kit.cli.estimate",
    "workshop_kit.cli.imports",
    "workshop_kit.cli.keys",
    "workshop_kit.cli.session",
    "workshop_kit.cli.guide",
    "workshop_kit.cli.community",
    "workshop_kit.cli.rehearse",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workshop-kit",
        description="Compassionate Communities workshop kit: serve the workshop, check files, "
        "import answers and compute estimates.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    try:
        return int(arguments.handler(arguments) or 0)
    except KeyboardInterrupt:
        return 130
    except CommandError as error:
        print(f"workshop-kit: {error}", file=sys.stderr)
        return error.exit_code


class CommandError(Exception):
    """A problem to report to the user as one clear message (no traceback)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
