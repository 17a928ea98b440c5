"""CareMap (after the Atlas CareMap): a caregiver draws their care network on a phone, and the
room sees how care is spread.

Drawn after the Atlas CareMap of the Atlas of Caregiving (booklet *Seeing the Invisible*, 2019,
CC BY-NC 4.0; "Atlas CareMap" is their trademark; Pallium Canada's Care Connections use it):
three questions, who do you care for (one or several people), who else cares for them, who
cares for you. Each person or service on the map has a label (never required to be a real
name), a relationship, where they live, the kinds of help they give and how often; the drawing
uses the Atlas's symbols and places people by where they live.

- :mod:`.answers`: the whole map as one answer per caregiver (replaced when they save again),
  private unless they choose to share it with the anonymous group summary;
- :mod:`.model`: the pure map and its edits; :mod:`.problems` (problems as data),
  :mod:`.sentences` (the map in words), :mod:`.compare` (two dates) and :mod:`.group` (the
  group summary with disclosure control), all pure;
- :mod:`.layout`: where each person goes on the drawing (pure and deterministic);
- :mod:`.charts`: the drawing of one map, and the group charts;
- :mod:`.mapfile`: the small JSON file a caregiver keeps to redraw the map later;
- :mod:`.form`: the phone form, step by step, continuing the person's stored map (with
  :mod:`.cared_for_step`, :mod:`.person_editor`, :mod:`.drawing_panel` and
  :mod:`.map_opener`; matplotlib only once there is something to draw);
- :mod:`.live`: the hub's view of the maps people shared; :mod:`.report`: the same summary in
  the workshop report;
- :mod:`.page`: the facilitator's page (notebook 04), which also compares two saved maps side by
  side without a session.

See ``docs/caremap.md``.
"""

from workshop_kit.core.activity import ActivityInfo

ACTIVITY = ActivityInfo("caremap", "caremap.title", 50, page="04_caremap.ipynb")
