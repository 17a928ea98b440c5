"""The warm-up: "what brings you here today?" (group, optional area), counted live.

The smallest activity, and the template for a new one (``docs/adding-an-activity.md``):

- :mod:`.answers`: what a phone may send;
- :mod:`.model`: the pure counts, with small groups hidden;
- :mod:`.form`: the phone form;
- :mod:`.live`: the projected chart and its sentence;
- :mod:`.report`: its section of the workshop report.
"""

from workshop_kit.core.activity import ActivityInfo

ACTIVITY = ActivityInfo("welcome", "welcome.title", 10)
