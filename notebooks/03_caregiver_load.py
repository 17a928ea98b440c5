# %% [markdown]
# # Caregiver load · La charge des proches aidants
#
# The caregiver-load estimate from the community profile, with its ranges, scenario sliders and assumptions.
#
# L'estimation de la charge des proches aidants à partir du profil de la communauté, avec ses fourchettes, ses curseurs de scénario et ses hypothèses.
#
# Facilitator notes · notes d'animation: `notes/03_caregiver_load.en.md`, `notes/03_caregiver_load.fr.md` (shown to the facilitator only · montrées à l'animation seulement). This cell is never served · cette cellule n'est jamais affichée.

# %%
# Imported while the page is pre-heated, before the facilitator opens it.
from workshop_kit.activities.caregiving.page import show

# %% tags=["waits-for-visitor"]
show()
