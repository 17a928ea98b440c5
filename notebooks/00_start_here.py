# %% [markdown]
# # Start here: run a live workshop · Commencer ici : animer un atelier en direct
#
# The facilitator's hub: sessions, the join code and QR code, the current activity, live results.
#
# Le tableau de bord de l'animation : les sessions, le code et le code QR pour rejoindre l'atelier, l'activité en cours, les résultats en direct.
#
# Facilitator notes · notes d'animation: `notes/00_start_here.en.md`, `notes/00_start_here.fr.md` (shown to the facilitator only · montrées à l'animation seulement). This cell is never served · cette cellule n'est jamais affichée.

# %%
# Imported while the page is pre-heated, before the facilitator opens it.
from workshop_kit.apps.hub import show

# %% tags=["waits-for-visitor"]
show()
