"""``workshop-kit serve``: what it decides before starting, and how it stops."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workshop_kit.auth import SIGN_IN_VARIABLE, hash_key
from workshop_kit.cli import CommandError, main
from workshop_kit.cli.serve import plan
from workshop_kit.serving.app import (
    CONFIG_DIR,
    WAITS_FOR_VISITOR_TAG,
    WorkshopVoila,
    cell_timeout,
)


def arguments(**values) -> argparse.Namespace:
    defaults = {
        "profile": None,
        "db": None,
        "port": 8866,
        "lan": False,
        "participants": 10,
        "free_after": 150.0,
        "kernel_memory": 500,
        "public_url": "",
        "print_only": True,
    }
    return argparse.Namespace(**{**defaults, **values})


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(tmp_path / "workshop-data"))
    monkeypatch.delenv("WORKSHOP_KIT_DB", raising=False)
    return tmp_path / "workshop-data"


def test_a_second_start_reuses_the_key_and_the_store(home: Path):
    first, second = plan(arguments()), plan(arguments())
    assert first.facilitator_key == second.facilitator_key
    assert first.db_url == second.db_url == f"sqlite:///{home / 'workshop.sqlite'}"
    assert (home / "workshop.sqlite").exists()
    assert oct((home / "facilitator.key").stat().st_mode & 0o777) == "0o600"


def test_kernels_get_neither_the_key_nor_its_hash(home: Path):
    settings = plan(arguments())
    environment = json.dumps(settings.environment())
    assert settings.facilitator_key not in environment
    assert hash_key(settings.facilitator_key) not in environment
    assert settings.environment()[SIGN_IN_VARIABLE] == "1"
    assert settings.facilitator_key not in settings.sign_in_link("one-time-token")


def test_default_binds_to_this_computer_only_and_lan_binds_everywhere(home: Path):
    local = plan(arguments())
    assert local.bind_ip == "127.0.0.1"
    assert local.participant_link == "http://127.0.0.1:8866/"
    lan = plan(arguments(lan=True))
    assert lan.bind_ip == "0.0.0.0"
    assert f"--Voila.ip={lan.bind_ip}" in lan.voila_argv()
    assert lan.participant_link.startswith(f"http://{lan.public_host}:8866")


def test_lan_tells_the_facilitator_to_sign_in_on_this_laptop(home: Path, capsys):
    """Issue 17: over the hall's Wi-Fi the sign-in would cross the air in plain HTTP."""
    assert main(["serve", "--print-only", "--lan"]) == 0
    printed = capsys.readouterr().out
    assert "sign in on THIS laptop" in printed and "docs/deploying.md" in printed
    assert main(["serve", "--print-only"]) == 0
    assert "sign in on THIS laptop" not in capsys.readouterr().out


def test_behind_an_https_proxy_the_links_are_the_proxys(home: Path, capsys):
    proxied = plan(arguments(public_url="https://workshop.example.org/"))
    assert proxied.participant_link == "https://workshop.example.org/"
    assert proxied.sign_in_link("token").startswith("https://workshop.example.org/wk/sign-in/")
    assert proxied.environment()["WORKSHOP_KIT_PUBLIC_URL"] == "https://workshop.example.org"
    assert proxied.bind_ip == "127.0.0.1"  # phones reach it through the proxy only
    with pytest.raises(CommandError, match="--public-url"):
        plan(arguments(public_url="javascript:alert(1)"))
    assert main(["serve", "--print-only", "--public-url", "https://workshop.example.org"]) == 0
    assert "over HTTPS" in capsys.readouterr().out


def test_a_bad_profile_is_reported_in_one_message(home: Path, tmp_path: Path, capsys):
    broken = tmp_path / "profile.yaml"
    broken.write_text("name: Town\nage_bands: ['0-14']\nareas: []\n", encoding="utf-8")
    with pytest.raises(CommandError, match="areas: must not be empty"):
        plan(arguments(profile=broken))
    assert main(["serve", "--print-only", "--profile", str(broken)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_an_unreachable_store_is_reported(home: Path):
    with pytest.raises(CommandError, match="cannot open the store"):
        plan(arguments(db="sqlite:////proc/no/such/dir/x.sqlite"))


def test_print_only_shows_the_join_link_and_never_the_key(home: Path, capsys):
    assert main(["serve", "--print-only"]) == 0
    printed = capsys.readouterr().out
    assert "Riverbend (synthetic sample)" in printed
    assert "Participants join at" in printed
    assert "http://127.0.0.1:8866/" in printed
    assert "key=" not in printed
    assert (home / "facilitator.key").read_text().strip() not in printed


def test_the_banner_puts_the_join_link_first_and_the_one_time_sign_in_after(home: Path, capsys):
    from workshop_kit.cli.serve import print_banner

    settings = plan(arguments())
    print_banner(settings, sign_in_link=settings.sign_in_link("TOKEN"))
    printed = capsys.readouterr().out
    assert printed.index("Participants join at") < printed.index("/wk/sign-in/TOKEN")
    assert "works once" in printed
    assert settings.facilitator_key not in printed


def test_rotating_the_key_keeps_every_session_and_retires_the_old_key(home: Path, capsys):
    from workshop_kit.auth import load_or_create_key
    from workshop_kit.core.store import NotAuthorised, open_store

    settings = plan(arguments())
    old_key = settings.facilitator_key
    store = open_store(settings.db_url)
    session = store.create_session("Before rotation", "en", hash_key(old_key))
    assert main(["key", "rotate"]) == 0
    assert "1 session(s) kept" in capsys.readouterr().out
    new_key = load_or_create_key(home)
    assert new_key != old_key
    store.close_session(session.code, hash_key(new_key))  # the new key runs old sessions
    with pytest.raises(NotAuthorised):
        store.reopen_session(session.code, hash_key(old_key))  # the old key no longer does
    assert [s.code for s in store.sessions_for(hash_key(new_key))] == [session.code]


def test_sign_in_says_clearly_when_no_server_runs(home: Path, capsys):
    assert main(["sign-in", "--port", "1"]) == 2
    assert "no workshop server answers on port 1" in capsys.readouterr().err


def test_the_shipped_voila_configuration_is_locked_down():
    config = json.loads((CONFIG_DIR / "voila.json").read_text())
    voila = config["VoilaConfiguration"]
    assert voila["strip_sources"] is True
    assert voila["show_tracebacks"] is False
    assert voila["allow_template_override"] == voila["allow_theme_override"] == "NO"
    # Voilà's own pools stay empty: the kit's pools (serving/pools.py) keep kernels ready.
    assert config["VoilaKernelManager"]["kernel_pools_config"] == {"default": {"pool_size": 0}}
    assert WorkshopVoila.participants.default_value >= 1
    assert voila["template"] == "workshop"
    assert config["Voila"]["tornado_settings"]["compress_response"] is True
    assert config["MappingKernelManager"]["cull_idle_timeout"] > 0
    assert cell_timeout({"metadata": {"tags": [WAITS_FOR_VISITOR_TAG]}}) is None
    assert cell_timeout({"metadata": {}}) == 60


@pytest.mark.server
def test_ctrl_c_stops_the_server_and_its_kernels(tmp_path: Path):
    from conftest import start_server

    server = start_server(tmp_path / "data")
    deadline = time.monotonic() + 60
    while len(server.kernel_pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)  # the participant pool fills
    kernels = server.kernel_pids()
    assert kernels
    os.kill(server.process.pid, signal.SIGINT)
    server.process.wait(timeout=60)
    time.sleep(1)
    survivors = [pid for pid in kernels if Path(f"/proc/{pid}").exists()]
    assert survivors == [], "kernels outlived the server"


STRAGGLER_SCRIPT = """
import subprocess, sys
from workshop_kit.serving.app import child_pids, terminate_children
straggler = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
assert straggler.pid in child_pids()
terminate_children(grace_seconds=5)
print("ended" if straggler.poll() is not None else "alive")
"""


def test_stopping_ends_every_child_process_even_one_voila_forgot():
    """The safety net behind Ctrl-C: a child still running when the server stops is ended.

    Run in its own process: it ends *every* child of the process that calls it.
    """
    result = subprocess.run(
        [sys.executable, "-c", STRAGGLER_SCRIPT], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ended"
