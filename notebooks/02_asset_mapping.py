# %% [markdown]
# # Community asset mapping · Cartographie des ressources de la communauté
#
# The facilitator's page of asset mapping: the live inventory, likely duplicates, the map and the gaps, imports and exports.
#
# La page d'animation de la cartographie des ressources : l'inventaire en direct, les doublons probables, la carte et les manques, les importations et les exportations.
#
# Facilitator notes · notes d'animation: `notes/02_asset_mapping.en.md`, `notes/02_asset_mapping.fr.md` (shown to the facilitator only · montrées à l'animation seulement). This cell is never served · cette cellule n'est jamais affichée.

# %%
# Imported while the page is pre-heated, before the facilitator opens it.
from workshop_kit.activities.assets.page import show

# %% tags=["waits-for-visitor"]
show()
