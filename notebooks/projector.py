# %% [markdown]
# # The projector view · L'affichage du projecteur
#
# What the room sees: the join code, the QR code and the current activity, in the session's language.
#
# Ce que voit la salle : le code pour rejoindre, le code QR et l'activité en cours, dans la langue de la session.
#
# Facilitator notes · notes d'animation: `notes/projector.en.md`, `notes/projector.fr.md` (shown to the facilitator only · montrées à l'animation seulement). This cell is never served · cette cellule n'est jamais affichée.

# %%
# Imported while the page is pre-heated, before the facilitator opens it.
from workshop_kit.apps.projector import show

# %% tags=["waits-for-visitor"]
show()
