"""Workshop kit on The Littlest JupyterHub (or any JupyterHub on one server).

Copy this file to ``/opt/tljh/config/jupyterhub_config.d/workshop-kit.py`` and run
``sudo tljh-config reload hub`` (plain JupyterHub: load it from your ``jupyterhub_config.py``
with ``load_subconfig``). docs/deploying.md explains every step.

Who gets what:

- **Participants are not hub users.** Their phones open the ``workshop`` service,
  ``https://<your hub>/services/workshop/join/CODE``: standalone Voilà run by
  ``workshop-kit serve``, which refuses code from the browser. No login, no JupyterLab.
  The service alone holds the *participant* database URL (role ``kit_participant``: it can
  add answers but not read, change or delete them), in its own environment.
- **Facilitators are hub users in the group ``facilitators``.** Only their servers get the
  *facilitator* database URL (role ``kit_facilitator``). Any other hub user's server gets no
  database URL at all.
- The two URLs live in files readable only by root, outside any git repository
  (``/etc/workshop-kit/participant-db-url`` and ``facilitator-db-url``), not in this file.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - JupyterHub provides get_config() to its configuration files

# -- Change these to match your server ------------------------------------------------------

#: The address people type to reach this hub (no trailing slash).
HUB_PUBLIC_URL = "https://workshop.example.org"
#: Hub users who run workshops. Add people here (or later with the hub's admin page).
FACILITATOR_USERS = ["alice"]
#: Phones to get ready for before people scan the code (about 55 MB of memory each).
PARTICIPANTS_READY = 40

# -- Usually left as they are -----------------------------------------------------------------

#: The kit's clone (installed with ``pip install -e`` into TLJH's user environment).
KIT_DIR = Path("/opt/workshop-kit")
#: TLJH's user environment, where ``workshop-kit`` is installed.
USER_ENV_BIN = Path("/opt/tljh/user/bin")
#: Folder holding the two database URLs, each in a file of its own, owned by root, mode 0600.
SECRETS_DIR = Path(os.environ.get("WORKSHOP_KIT_SECRETS_DIR", "/etc/workshop-kit"))
#: The participant service: its name is in its address (/services/<name>/), and its
#: voila.json (deploy/jupyterhub/service-config/) must give the same path as Voilà's base_url.
SERVICE_NAME = "workshop"
SERVICE_PORT = 8866
#: System account the participant service runs as (not root, not a hub user).
SERVICE_ACCOUNT = "workshop-kit"
SERVICE_HOME = Path("/var/lib/workshop-kit")
FACILITATORS_GROUP = "facilitators"
#: Environment variables that carry a database URL: only the service and facilitators get one.
STORE_VARIABLES = ("WORKSHOP_KIT_DB",)


def read_secret(name: str) -> str:
    """One line from ``SECRETS_DIR/name``; a clear message if it is missing or empty."""
    path = SECRETS_DIR / name
    try:
        value = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise SystemExit(f"workshop kit: cannot read {path}: {error.strerror}") from None
    if not value:
        raise SystemExit(f"workshop kit: {path} is empty")
    return value


PARTICIPANT_DB_URL = read_secret("participant-db-url")
FACILITATOR_DB_URL = read_secret("facilitator-db-url")

# -- The participant service ------------------------------------------------------------------
# A hub-managed service: JupyterHub starts it, restarts it if it stops, and routes
# /services/workshop/ to it. It has no hub role, so its hub API token can do nothing.
# The database URL is passed in the environment, never on the command line (which every
# account on the machine can read with `ps`).

c.JupyterHub.services.append(
    {
        "name": SERVICE_NAME,
        "url": f"http://127.0.0.1:{SERVICE_PORT}",
        "command": [
            str(USER_ENV_BIN / "workshop-kit"),
            "serve",
            "--port",
            str(SERVICE_PORT),
            "--participants",
            str(PARTICIPANTS_READY),
        ],
        "user": SERVICE_ACCOUNT,
        "cwd": str(SERVICE_HOME),
        "environment": {
            "WORKSHOP_KIT_DB": PARTICIPANT_DB_URL,
            "WORKSHOP_KIT_HOME": str(SERVICE_HOME / "workshop-data"),
            # Voilà serves under /services/workshop/ (the hub's proxy keeps that prefix).
            "JUPYTER_CONFIG_PATH": str(KIT_DIR / "deploy" / "jupyterhub" / "service-config"),
            "PATH": f"{USER_ENV_BIN}:/usr/local/bin:/usr/bin:/bin",
        },
        # Not listed on the hub's home page: participants never log in to the hub anyway.
        "display": False,
    }
)

# -- Facilitators ---------------------------------------------------------------------------

c.JupyterHub.load_groups.update({FACILITATORS_GROUP: {"users": FACILITATOR_USERS}})

FACILITATOR_ENVIRONMENT = {
    "WORKSHOP_KIT_DB": FACILITATOR_DB_URL,
    # The hub notebook puts this address in the join link and the QR code.
    "WORKSHOP_KIT_PUBLIC_URL": f"{HUB_PUBLIC_URL}/services/{SERVICE_NAME}",
}


def workshop_kit_environment(spawner):
    """Give the store URL to facilitators' servers only, decided each time a server starts.

    Group membership is read when the server starts: someone removed from the group keeps
    the URL until their server is stopped (stop it from the hub's admin page).
    """
    environment = {
        name: value for name, value in spawner.environment.items() if name not in STORE_VARIABLES
    }
    if FACILITATORS_GROUP in {group.name for group in spawner.user.groups}:
        environment.update(FACILITATOR_ENVIRONMENT)
    spawner.environment = environment


c.Spawner.pre_spawn_hook = workshop_kit_environment
