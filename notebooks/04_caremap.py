# %% [markdown]
# # CareMap (after the Atlas CareMap): who cares for whom · CareMap (d'après l'Atlas CareMap) : qui prend soin de qui
#
# Each caregiver draws their care network on their phone; the room sees, anonymously, how care is spread across the maps people chose to share. Without a session, the page compares two saved CareMaps.
#
# Chaque proche aidant dessine son réseau d'aide sur son téléphone ; la salle voit, anonymement, comment l'aide se répartit dans les cartes que chacun a choisi de partager. Sans session, la page compare deux CareMaps enregistrées.
#
# Facilitator notes · notes d'animation: `notes/04_caremap.en.md`, `notes/04_caremap.fr.md` (shown to the facilitator only · montrées à l'animation seulement). This cell is never served · cette cellule n'est jamais affichée.

# %%
# Imported while the page is pre-heated, before the facilitator opens it.
from workshop_kit.activities.caremap.page import show

# %% tags=["waits-for-visitor"]
show()
