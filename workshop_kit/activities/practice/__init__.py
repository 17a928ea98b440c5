"""Community of Practice: a year of gatherings, the value they create, and who takes part.

Compassionate Communities Northern Ireland's Community of Practice meets four times a year in
half-day gatherings, measures the value it creates with the Wenger-Trayner value-creation
framework, and counts on many kinds of member organisation (multiagency contribution). The
activity supports each part (``docs/community-of-practice.md``):

- :mod:`.planner` and :mod:`.ical`, :mod:`.agenda` (pure): a year's plan of four gatherings
  (dates avoiding holidays and weekends, themes from the key topics, host and facilitator
  rotation among member organisations), exported as an iCalendar file and a printable agenda;
- :mod:`.register`: the register of member organisations by sector and role, a small CSV the
  facilitator imports and exports;
- :mod:`.answers`, :mod:`.form`: participants rate on their phones the value created in each
  of the five cycles, immediate and potential value at the end of a gathering, applied,
  realised and reframing value at the start of the next, looking back, and may tell a short
  value-creation story;
- :mod:`.model`, :mod:`.charts`: the value per cycle, the value indicators over the year
  (cycles × gatherings) and participation by sector, every figure from at least
  ``min_cell_size`` people;
- :mod:`.value_creation`, :mod:`.contribution`, :mod:`.value_charts`, :mod:`.value_exports`:
  the value-creation matrix (approved stories tagged with their cycles, beside each cycle's
  indicator) and the multiagency contribution record (what each organisation brought);
  :mod:`.records_panel` is where the facilitator records both;
- :mod:`.shown`: what one gathering shows (value per cycle, approved stories), computed once
  for :mod:`.live` (the projector), the page and :mod:`.report` (the workshop report);
- :mod:`.data`: reading the year's gatherings, attendance and stories from the store;
- :mod:`.page` (notebook 06): the facilitator's page, a tab a module (:mod:`.gathering_panel`,
  :mod:`.year_panel`, :mod:`.planner_panel`, :mod:`.register_panel`), built with
  :mod:`.controls` and exporting through :mod:`.exports`.

A gathering is a workshop session of the kit; the facilitator marks it as gathering *n* of a
Community of Practice (a facilitator answer, so the store's schema is unchanged).
"""

from workshop_kit.core.activity import ActivityInfo

ACTIVITY = ActivityInfo("practice", "practice.title", 70, page="06_community_of_practice.ipynb")
