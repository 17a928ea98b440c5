"""Asset exports: the directory table and the network workbook for network-mapping tools."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from workshop_kit.activities.assets.exporter import (
    CONNECTION_COLUMNS,
    ELEMENT_COLUMNS,
    directory_table,
    network_tables,
    network_workbook,
)
from workshop_kit.activities.assets.importer import TEMPLATE_COLUMNS
from workshop_kit.activities.assets.model import MergeRecord, apply_merges, asset_table


@pytest.fixture
def inventory() -> pd.DataFrame:
    rows = [
        {
            "asset_id": "a0000001",
            "name": "Library",
            "category": "institutions",
            "area": "old-town",
            "needs": ["information", "children-youth"],
            "contact": "555-0100",
            "opening_hours": "Tue-Sat",
            "latitude": 47.534371234,
            "longitude": -80.43884,
        },
        {
            "asset_id": "a0000002",
            "name": "library",
            "category": "institutions",
            "area": "riverside",
            "needs": ["information"],
        },
        {
            "asset_id": "a0000003",
            "name": '=HYPERLINK("http://x","click")',
            "category": "gifts",
            "area": "riverside",
            "needs": [],
            "contact": "+1 555 0199",
        },
        {
            "asset_id": "a0000004",
            "name": "Riverside",
            "category": "nature",
            "area": "riverside",
            "needs": ["loneliness"],
        },
        {
            "asset_id": "a0000005",
            "name": "LIBRARY",
            "category": "institutions",
            "area": "old-town",
            "needs": ["planning-ahead"],
        },
    ]
    return asset_table(pd.DataFrame(rows))


def test_directory_uses_template_columns_and_readable_labels(profile, inventory):
    merged = apply_merges(inventory, [MergeRecord("a0000001", ("a0000005",))])
    table = directory_table(merged, profile, "fr")
    assert list(table.columns) == [*TEMPLATE_COLUMNS, "mentions"]
    library = table.iloc[0]
    assert library["category"] == "Institutions"
    assert library["area"] == "Vieille-Ville"
    assert library["needs"] == (
        "Information sur les services et à qui s'adresser; Soutien aux enfants et aux jeunes; "
        "Parler de la mort et planifier à l'avance"
    )
    assert (library["latitude"], library["longitude"]) == (47.534371, -80.43884)  # 6 decimals
    assert library["mentions"] == 2
    assert pd.isna(table.iloc[1]["latitude"])
    assert len(table) == 4


def test_network_elements_are_assets_needs_and_areas_with_unique_labels(profile, inventory):
    elements, connections = network_tables(inventory, profile, "en")
    assert list(elements.columns) == list(ELEMENT_COLUMNS)
    assert list(connections.columns) == list(CONNECTION_COLUMNS)
    counts = elements["Type"].value_counts().to_dict()
    assert counts == {"Asset": 5, "Need": len(profile.needs), "Area": len(profile.areas)}
    labels = elements["Label"].str.casefold()
    assert labels.is_unique
    assets = elements[elements["Type"] == "Asset"]["Label"].tolist()
    assert assets[:2] == ["Library", "library (Riverside)"]
    assert "Riverside (Asset)" in assets  # the area already has the label "Riverside"
    assert "LIBRARY (Old Town)" in assets
    library = elements.iloc[0]
    assert library["Description"] == (
        "Category: Institutions. Contact: 555-0100. Opening hours: Tue-Sat."
    )
    assert library["Tags"] == "Institutions|Old Town"


def test_network_connections_say_helps_with_and_located_in(profile, inventory):
    elements, connections = network_tables(inventory, profile, "en")
    library = connections[connections["From"] == "Library"]
    assert library.to_dict("records") == [
        {
            "From": "Library",
            "To": "Information about services and where to turn",
            "Type": "helps with",
        },
        {"From": "Library", "To": "Support for children and young people", "Type": "helps with"},
        {"From": "Library", "To": "Old Town", "Type": "located in"},
    ]
    assert set(connections["From"]) | set(connections["To"]) <= set(elements["Label"])
    assert (connections["Type"] == "located in").sum() == 5
    pets = elements.set_index("Label").loc["Care for pets"]
    assert pets["Description"] == "0 assets help with this need."
    assert pets["Tags"] == "no asset yet"


def test_network_workbook_has_both_sheets_and_keeps_formulas_as_text(profile, inventory):
    data = network_workbook(inventory, profile, "fr")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Elements", "Connections"]
    elements = workbook["Elements"]
    assert [c.value for c in elements[1]] == list(ELEMENT_COLUMNS)
    assert [c.value for c in workbook["Connections"][1]] == list(CONNECTION_COLUMNS)
    formula = next(row for row in elements.iter_rows(min_row=2) if row[0].value.startswith("="))
    assert formula[0].data_type == "s"
    assert formula[0].value == '=HYPERLINK("http://x","click")'
    filled = [cell for row in elements.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type == "s" for cell in filled)
    types = {row[1].value for row in elements.iter_rows(min_row=2)}
    assert types == {"Ressource", "Besoin", "Quartier"}
    kinds = {row[2].value for row in workbook["Connections"].iter_rows(min_row=2)}
    assert kinds == {"aide pour", "située à"}


def test_control_characters_cannot_break_the_workbook(profile):
    inventory = asset_table(
        pd.DataFrame(
            [
                {
                    "asset_id": "a0000009",
                    "name": "Bell\x07 tower",
                    "category": "places",
                    "area": "old-town",
                    "needs": [],
                }
            ]
        )
    )
    workbook = openpyxl.load_workbook(io.BytesIO(network_workbook(inventory, profile, "en")))
    assert workbook["Elements"]["A2"].value == "Bell  tower"


def test_empty_inventory_still_lists_needs_and_areas(profile):
    elements, connections = network_tables(asset_table(pd.DataFrame()), profile, "en")
    assert len(elements) == len(profile.needs) + len(profile.areas)
    assert connections.empty
    assert directory_table(asset_table(pd.DataFrame()), profile, "en").empty
