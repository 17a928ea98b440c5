"""Compassionate City Charter self-assessment: where does our town stand on each commitment?

Members of a local initiative rate each commitment of the charter (not started, planned,
under way, in place, not applicable) and may add evidence or a next step. The facilitator sees
the room's view per commitment, where people disagree most, the next steps they approved, and
keeps an action list (commitment, action, who, by when) saved with the session and exported.

- :mod:`.answers`: what a phone may send (a rating) and what the facilitator records (actions);
- :mod:`.commitments`: reads the commitments' wording from ``data/reference/charter/``;
- :mod:`.model`: the pure scoring and disagreement, with disclosure control;
- :mod:`.charts`: the stacked bar chart of statuses;
- :mod:`.form`: the phone form, one commitment at a time;
- :mod:`.live`: the projected view; :mod:`.page`: the facilitator's page (notebook 05).
"""

from workshop_kit.core.activity import ActivityInfo

ACTIVITY = ActivityInfo("charter", "charter.title", 60, page="05_charter.ipynb")
