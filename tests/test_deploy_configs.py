"""The shipped deployment files (deploy/) keep the database away from participants.

What must hold, for each way of serving beyond one laptop:

- the participant service (standalone Voilà, no notebook access) gets the *participant*
  database URL in its environment, never on its command line, and no hub privileges;
- a hub user's server gets a database URL only if the user is in the facilitators group;
  any other server gets none, even if something else had put one in its environment;
- nothing that reaches every user's server (``Spawner.environment``, ``env_keep``,
  Z2JH's ``singleuser.extraEnv``) carries a database URL;
- the participant service's Voilà serves under the path the hub's proxy forwards to it;
- the PostgreSQL roles really limit the participant service: run on a real server, the
  participant app's own calls work and everything else is refused.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from traitlets.config import Config

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
TLJH_CONFIG = DEPLOY / "jupyterhub" / "jupyterhub_config.py"
TLJH_VOILA = DEPLOY / "jupyterhub" / "service-config" / "voila.json"
Z2JH_VALUES = DEPLOY / "z2jh" / "values.yaml"
Z2JH_MANIFEST = DEPLOY / "z2jh" / "workshop-kit.yaml"
ROLES_SQL = DEPLOY / "postgres" / "roles.sql"
GRANTS_SQL = DEPLOY / "postgres" / "grants.sql"

PARTICIPANT_URL = "postgresql+psycopg://kit_participant:participant-secret@db/workshop"
FACILITATOR_URL = "postgresql+psycopg://kit_facilitator:facilitator-secret@db/workshop"
STORE_VARIABLE = "WORKSHOP_KIT_DB"


def fake_spawner(groups: list[str], environment: dict[str, str] | None = None):
    user = SimpleNamespace(name="someone", groups=[SimpleNamespace(name=g) for g in groups])
    return SimpleNamespace(user=user, environment=dict(environment or {}))


def mentions_a_secret(value: object) -> bool:
    text = repr(value)
    return "secret@" in text or "postgresql" in text


def assert_hook_separates(hook) -> None:
    """Facilitators get the facilitator URL; anyone else gets none, whatever was there."""
    facilitator = fake_spawner(["facilitators"], {"LANG": "C.UTF-8"})
    hook(facilitator)
    assert facilitator.environment[STORE_VARIABLE] == FACILITATOR_URL
    assert facilitator.environment["LANG"] == "C.UTF-8"
    assert facilitator.environment["WORKSHOP_KIT_PUBLIC_URL"].endswith("/services/workshop")

    for groups in ([], ["students"], ["facilitators-in-training"]):
        other = fake_spawner(groups, {STORE_VARIABLE: PARTICIPANT_URL, "LANG": "C.UTF-8"})
        hook(other)
        assert STORE_VARIABLE not in other.environment, groups
        assert not mentions_a_secret(other.environment), groups
        assert other.environment["LANG"] == "C.UTF-8"


def voila_base_url(text: str) -> str:
    import json

    return json.loads(text)["Voila"]["base_url"]


# -- The Littlest JupyterHub / JupyterHub on one server ---------------------------------------


@pytest.fixture
def tljh_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Config, dict]:
    """The shipped config file loaded as JupyterHub loads it, with test secrets."""
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "participant-db-url").write_text(PARTICIPANT_URL + "\n")
    (secrets / "facilitator-db-url").write_text(FACILITATOR_URL + "\n")
    monkeypatch.setenv("WORKSHOP_KIT_SECRETS_DIR", str(secrets))
    config = Config()
    namespace = {"get_config": lambda: config, "__file__": str(TLJH_CONFIG)}
    exec(compile(TLJH_CONFIG.read_text(), str(TLJH_CONFIG), "exec"), namespace)
    return config, namespace


def test_tljh_config_compiles() -> None:
    compile(TLJH_CONFIG.read_text(), str(TLJH_CONFIG), "exec")


def test_tljh_service_alone_holds_the_participant_url(tljh_config) -> None:
    config, namespace = tljh_config
    services = list(config.JupyterHub.services.get_value([]))
    assert len(services) == 1
    service = services[0]
    assert service["name"] == namespace["SERVICE_NAME"] == "workshop"
    assert service["environment"][STORE_VARIABLE] == PARTICIPANT_URL
    assert not mentions_a_secret(service["command"]), "a URL on the command line shows in ps"
    assert FACILITATOR_URL not in repr(service)
    assert service["command"][1] == "serve", "standalone Voilà through workshop-kit serve"
    assert not service.get("admin")
    assert service.get("user") not in (None, "", "root")
    roles = (
        list(config.JupyterHub.load_roles.get_value([]))
        if "load_roles" in (config.JupyterHub)
        else []
    )
    assert not any("workshop" in role.get("services", []) for role in roles)


def test_tljh_nothing_for_every_server_carries_a_url(tljh_config) -> None:
    config, _ = tljh_config
    for section in ("Spawner", "LocalProcessSpawner", "SystemdSpawner", "UserCreatingSpawner"):
        for trait in ("environment", "env_keep", "args", "cmd"):
            if trait in config[section]:
                value = config[section][trait]
                assert not mentions_a_secret(value), f"{section}.{trait}"
                assert STORE_VARIABLE not in repr(value), f"{section}.{trait}"


def test_tljh_only_facilitators_servers_get_the_store(tljh_config) -> None:
    config, _ = tljh_config
    assert config.JupyterHub.load_groups.get_value({})["facilitators"]["users"]
    assert_hook_separates(config.Spawner.pre_spawn_hook)


def test_tljh_refuses_to_start_without_its_secrets(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("WORKSHOP_KIT_SECRETS_DIR", str(tmp_path))
    namespace = {"get_config": Config}
    with pytest.raises(SystemExit, match="participant-db-url"):
        exec(compile(TLJH_CONFIG.read_text(), str(TLJH_CONFIG), "exec"), namespace)


def test_tljh_voila_serves_under_the_service_path(tljh_config) -> None:
    _, namespace = tljh_config
    assert voila_base_url(TLJH_VOILA.read_text()) == f"/services/{namespace['SERVICE_NAME']}/"
    service = namespace["c"].JupyterHub.services.get_value([])[0]
    assert service["environment"]["JUPYTER_CONFIG_PATH"].endswith(
        str(TLJH_VOILA.parent.relative_to(REPO))
    )


# -- Zero to JupyterHub ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def z2jh_values() -> dict:
    return yaml.safe_load(Z2JH_VALUES.read_text())


@pytest.fixture(scope="module")
def z2jh_objects() -> dict[str, dict]:
    return {item["kind"]: item for item in yaml.safe_load_all(Z2JH_MANIFEST.read_text())}


def test_z2jh_single_user_servers_get_no_url(z2jh_values) -> None:
    singleuser = z2jh_values["singleuser"]
    assert STORE_VARIABLE not in singleuser.get("extraEnv", {})
    assert not mentions_a_secret(singleuser.get("extraEnv", {}))
    assert "workshop-kit-db" not in repr(singleuser)
    hub_config = z2jh_values["hub"].get("config", {})
    for section in ("Spawner", "KubeSpawner"):
        assert "environment" not in hub_config.get(section, {})
        assert "env_keep" not in hub_config.get(section, {})


def test_z2jh_service_is_a_route_without_privileges(z2jh_values, z2jh_objects) -> None:
    service = z2jh_values["hub"]["services"]["workshop"]
    assert service["url"] == "http://workshop-kit:8866"
    assert "command" not in service, "run in its own pod, not inside the hub"
    assert not service.get("admin")
    assert "workshop" not in repr(z2jh_values["hub"].get("loadRoles", {}))
    assert z2jh_objects["Service"]["metadata"]["name"] == "workshop-kit"


def test_z2jh_only_facilitators_servers_get_the_store(z2jh_values, monkeypatch) -> None:
    monkeypatch.setenv("WORKSHOP_KIT_FACILITATOR_DB", FACILITATOR_URL)
    extra_env = z2jh_values["hub"]["extraEnv"]["WORKSHOP_KIT_FACILITATOR_DB"]
    assert extra_env["valueFrom"]["secretKeyRef"]["key"] == "facilitator-url"
    config = Config()
    for name, snippet in z2jh_values["hub"]["extraConfig"].items():
        exec(compile(snippet, f"hub.extraConfig.{name}", "exec"), {"c": config})
    assert_hook_separates(config.KubeSpawner.pre_spawn_hook)
    assert "facilitators" in z2jh_values["hub"]["config"]["JupyterHub"]["load_groups"]


def test_z2jh_participant_pod_gets_the_participant_url_only(z2jh_values, z2jh_objects) -> None:
    container = z2jh_objects["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    assert container["command"][:2] == ["workshop-kit", "serve"]
    env = {item["name"]: item for item in container["env"]}
    assert env[STORE_VARIABLE]["valueFrom"]["secretKeyRef"]["key"] == "participant-url"
    assert "facilitator-url" not in Z2JH_MANIFEST.read_text().split("kind: ConfigMap")[1]
    assert not mentions_a_secret(container["command"])
    assert env["JUPYTER_CONFIG_PATH"]["value"] == "/etc/workshop-kit/voila"
    config_map = z2jh_objects["ConfigMap"]["data"]["voila.json"]
    assert voila_base_url(config_map) == "/services/workshop/"
    ingress = z2jh_objects["NetworkPolicy"]["spec"]["ingress"]
    assert [rule["from"][0]["podSelector"]["matchLabels"]["component"] for rule in ingress] == [
        "proxy"
    ]


# -- PostgreSQL roles, on a real server --------------------------------------------------------


def psql(server_url: str, *arguments: str, user: str = "kit") -> subprocess.CompletedProcess:
    from postgres import postgres_bin

    port = server_url.rsplit(":", 1)[1].split("/")[0]
    return subprocess.run(
        [
            str(postgres_bin() / "psql"),
            "-X",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "127.0.0.1",
            "-p",
            port,
            "-U",
            user,
            *arguments,
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PGCONNECT_TIMEOUT": "10"},
    )


@pytest.mark.slow
def test_postgres_roles_limit_the_participant_service(postgres_server: str) -> None:
    from sqlalchemy import text

    from workshop_kit.activities.welcome.answers import WelcomeAnswer
    from workshop_kit.auth import hash_key
    from workshop_kit.core.store import StoreError, open_store

    done = psql(postgres_server, "-d", "postgres", "-f", str(ROLES_SQL))
    assert done.returncode == 0, done.stderr
    base = postgres_server.rsplit("@", 1)[1].rsplit("/", 1)[0]

    def url(role: str) -> str:
        return f"postgresql+psycopg://{role}@{base}/workshop"

    # Step 2 of the docs: the kit creates its tables as the owner; the others cannot.
    with pytest.raises(StoreError, match="permission denied"):
        open_store(url("kit_participant"))
    open_store(url("kit_owner"))
    done = psql(postgres_server, "-d", "workshop", "-f", str(GRANTS_SQL))
    assert done.returncode == 0, done.stderr
    assert psql(postgres_server, "-d", "workshop", "-f", str(GRANTS_SQL)).returncode == 0

    facilitator = open_store(url("kit_facilitator"))
    key_hash = hash_key("a facilitator key")
    session = facilitator.create_session("Hall", "en", key_hash)

    # The participant app's own calls all work with the participant role.
    participant = open_store(url("kit_participant"))
    assert participant.session(session.code).language == "en"
    person = participant.join(session.code)
    assert participant.join(session.code, person) == person
    answer = WelcomeAnswer(group="neighbour")
    assert participant.add_answer(session.code, person, answer, "key-1") is True
    assert participant.add_answer(session.code, person, answer, "key-1") is False
    # a hand-over on the same page, and that page's answers counted against its limits
    page = participant.device_of(session.code, person)
    handed = participant.join(session.code, None, page)
    assert participant.device_of(session.code, handed) == page
    assert participant.people_on_page(session.code, page) == 2
    assert participant.add_answer(session.code, handed, answer, "key-2") is True

    # The facilitator role does the facilitator's work, answers stay append-only.
    assert len(facilitator.answers(session.code, "welcome")) == 2
    facilitator.set_current_activity(session.code, "needs", key_hash)

    # Everything else is refused to the participant role, even with the right key hash.
    refused = [
        lambda: participant.create_session("Mine", "en", key_hash),
        lambda: participant.set_current_activity(session.code, "welcome", key_hash),
        lambda: participant.close_session(session.code, key_hash),
        lambda: participant.delete_answers(session.code, key_hash),
        lambda: participant.answers(session.code, "welcome"),
        lambda: participant.state(session.code),  # counts: facilitator pages only
    ]
    for attempt in refused:
        with pytest.raises(Exception) as raised:
            attempt()
        assert "permission denied" in str(raised.value)
    statements = [
        "SELECT payload FROM answers",
        "SELECT participant_id FROM answers",
        "UPDATE answers SET payload = '{}'",
        "DELETE FROM answers",
        "DELETE FROM participants",
        "UPDATE sessions SET status = 'closed'",
        "DROP TABLE answers",
        "CREATE TABLE stolen (x int)",
    ]
    for role, forbidden in (
        ("kit_participant", statements),
        ("kit_facilitator", statements[2:3] + statements[6:]),
    ):
        engine = open_store(url(role)).engine
        for statement in forbidden:
            with engine.connect() as connection, pytest.raises(Exception) as raised:
                connection.execute(text(statement))
            assert "permission denied" in str(raised.value) or "must be owner" in str(
                raised.value
            ), (role, statement)
    assert facilitator.state(session.code).answers == 2
    assert facilitator.session(session.code).current_activity == "needs"
    assert facilitator.delete_answers(session.code, key_hash) == 2
