"""A value remembered by the participant's browser (``localStorage``), read back on reload.

Built with anywidget, which carries its own small front end: no JupyterLab extension to build.
It stores only the random participant id of a session, never an answer; between two people
on a shared phone, only the page's random device id (``device:<id>``, see
:mod:`workshop_kit.apps.participant`). Setting ``value`` to ``""`` or to the device id forgets
the person: the next visit from this browser is a new person, asked for consent.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets


class DeviceMemory(anywidget.AnyWidget):
    _esm = Path(__file__).with_name("device_memory.js")

    key = traitlets.Unicode("").tag(sync=True)
    value = traitlets.Unicode("").tag(sync=True)
    loaded_value = traitlets.Unicode("").tag(sync=True)
    loaded = traitlets.Bool(False).tag(sync=True)
