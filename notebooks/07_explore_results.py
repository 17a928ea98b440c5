# %% [markdown]
# # Explore a workshop's results · Explorer les résultats d'un atelier
#
# **For trainers, in JupyterLab** (not served to phones or to the projector). Short, visible
# pandas and matplotlib code that you can copy and change.
# *Pour les formateurs, dans JupyterLab : du code court et visible, à copier et à modifier.*
#
# ## Overview
# 1. Load what a session **showed** (the same figures as its report) as pandas DataFrames.
# 2. Worked example 1: compare two sessions' needs rankings.
# 3. Worked example 2: plot the caregiver estimate's range against a changed assumption.
#
# ## Prerequisites
# | Concept | Importance | Notes |
# | --- | --- | --- |
# | pandas DataFrames (select, join, sort) | Necessary | the "10 minutes to pandas" guide |
# | matplotlib plots | Helpful | `plt.subplots`, `ax.plot`, `ax.fill_between` |
# | The report of a session | Helpful | `workshop-kit export --session CODE --out DIR` |
#
# - **Time to learn**: 20 minutes.
# - **System requirements**: the kit installed, and the database holding your sessions
#   (`workshop-data/workshop.sqlite`, or the `WORKSHOP_KIT_DB` variable).
#
# **Privacy.** Everything here is the *shown state*: what the room saw, after the
# facilitator's "Show results", with groups smaller than the profile's `min_cell_size` hidden
# and unapproved written answers left out. Hidden figures are empty (`NaN`, status
# `too_few`): do not try to work them out; they are hidden so that no one can be recognised.

# %% [markdown]
# ## Open the kit's database and choose sessions
# Type your sessions' join codes in `SESSIONS` (the hub shows each session's code).

# %%
import os

import matplotlib.pyplot as plt
import pandas as pd

from workshop_kit.core.context import under_voila
from workshop_kit.core.explore import session_tables
from workshop_kit.core.store import open_store
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import load_profile

assert not under_voila(), "This notebook is for JupyterLab only: open it in JupyterLab."

store = open_store()  # workshop-data/workshop.sqlite, or the WORKSHOP_KIT_DB variable
profile = load_profile(os.environ.get("WORKSHOP_KIT_PROFILE") or sample_profile_path())
SESSIONS = os.environ.get("WORKSHOP_KIT_SESSIONS", "ABCDEF,GHIJKL").split(",")

# %% [markdown]
# ## What one session showed, as tables
# `session_tables` gives every table of every activity that ran: `needs.scores` is the needs
# ranking, `welcome.counts` the warm-up's groups, `q-…` a question set's figures.

# %%
tables = session_tables(store, SESSIONS[0], profile)
print(sorted(tables))
tables["needs.scores"].head()

# %% [markdown]
# ## Worked example 1: compare two sessions' needs rankings
# Keep the needs each session showed, side by side. A change of rank is worth discussing
# with both groups; a need shown in one session only was rated by too few people in the other.
# *Try: compare `mean` instead of `score`, or three sessions.*

# %%
def needs_ranking(code: str) -> pd.DataFrame:
    scores = session_tables(store, code, profile)["needs.scores"]
    return scores.loc[scores["status"] == "shown", ["score", "rank"]]


first, second = needs_ranking(SESSIONS[0]), needs_ranking(SESSIONS[1])
both = first.join(second, how="outer", lsuffix="_first", rsuffix="_second")
both["rank_change"] = both["rank_second"] - both["rank_first"]
both = both.sort_values("rank_first")
both

# %%
ax = both[["score_first", "score_second"]].plot.barh(figsize=(7, 5))
ax.set_xlabel("unmet-need score (higher: more important and less well met)")
ax.invert_yaxis()
ax.legend([SESSIONS[0], SESSIONS[1]])
plt.tight_layout()

# %% [markdown]
# ## Worked example 2: the caregiver estimate against a changed assumption
# The estimate (from the community profile, as in the report) assumes published hours of
# care per week. Here the same estimate for 5 to 30 hours a week, with its range: the shaded
# band is low to high, the line the central figure.
# *Try: change `rate_multiplier` (how many people care) instead of `hours_per_week`.*

# %%
from workshop_kit.activities.caregiving.model import estimate
from workshop_kit.activities.caregiving.model_inputs import Scenario
from workshop_kit.activities.caregiving.reference_files import load_community_inputs

inputs = load_community_inputs(profile)
rows = []
for hours in [5, 10, 15, 20, 25, 30]:
    result = estimate(inputs, Scenario(hours_per_week=hours))
    rows.append({"hours_per_week": hours, **result.fte.as_dict()})
fte = pd.DataFrame(rows).set_index("hours_per_week")
fte

# %%
fig, ax = plt.subplots(figsize=(7, 4))
ax.fill_between(fte.index, fte["low"], fte["high"], alpha=0.3, label="range (low to high)")
ax.plot(fte.index, fte["central"], marker="o", label="central estimate")
ax.set_xlabel("hours of care per caregiver per week (assumed)")
ax.set_ylabel("full-time equivalents")
ax.set_title(f"Unpaid care in {profile.name}")
ax.legend()
plt.tight_layout()
