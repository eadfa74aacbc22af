"""Survey forms as data: definitions are validated, answers follow types, required fields and skip logic."""

import pytest
from django.utils import translation

from khuyencong.surveys.definitions import clean_answers, facility_values, validate_definition
from khuyencong.surveys.reference import ACCEPTANCE_CHECK, NEED_SURVEY


def test_builtin_definitions_are_valid():
    assert validate_definition(NEED_SURVEY) == []
    assert validate_definition(ACCEPTANCE_CHECK) == []


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (the msgids); the Vietnamese catalogue translates them."""
    with translation.override("en"):
        yield


def test_bad_definitions_are_refused_with_reasons():
    assert validate_definition({"fields": []})
    assert validate_definition([]) != []
    errors = validate_definition(
        {
            "fields": [
                {"name": "a", "label": "A", "type": "choice"},
                {"name": "a", "label": "A2", "type": "text"},
                {"name": "b", "label": "B", "type": "bogus", "show_if": {"field": "zzz", "equals": 1}},
                {"name": "c", "label": "C", "type": "text", "facility_field": "password"},
            ]
        }
    )
    text = " ".join(errors)
    assert "choices" in text and "twice" in text and "unknown type" in text and "show_if" in text
    assert "registry field" in text


def test_skip_logic_hides_and_unrequires_fields():
    # No support wanted: the support fields are hidden, so neither required nor kept.
    cleaned, errors = clean_answers(
        NEED_SURVEY,
        {
            "facility_name": "X",
            "kind": "household",
            "products": "Y",
            "workers": "5",
            "wants_support": False,
            "equipment_wanted": "dropped",
        },
    )
    assert errors == {}
    assert cleaned["workers"] == 5 and "equipment_wanted" not in cleaned
    # Support wanted for machinery: the equipment field becomes required.
    _cleaned, errors = clean_answers(
        NEED_SURVEY,
        {
            "facility_name": "X",
            "kind": "household",
            "products": "Y",
            "workers": 5,
            "wants_support": True,
            "support_kind": "machinery",
        },
    )
    assert set(errors) == {"equipment_wanted"}


def test_types_and_bounds_are_checked():
    _cleaned, errors = clean_answers(
        NEED_SURVEY,
        {"facility_name": "X", "kind": "factory", "products": "Y", "workers": -1, "wants_support": "maybe"},
    )
    assert set(errors) == {"kind", "workers", "wants_support"}
    _cleaned, errors = clean_answers(NEED_SURVEY, "not an object")
    assert errors


def test_required_photo_is_satisfied_by_a_sent_photo():
    answers = {"equipment_installed": True, "equipment_running": True}
    assert set(clean_answers(ACCEPTANCE_CHECK, answers)[1]) == {"equipment_photo"}
    assert clean_answers(ACCEPTANCE_CHECK, answers, {"equipment_photo"})[1] == {}


def test_answers_fill_registry_fields():
    cleaned, _ = clean_answers(
        NEED_SURVEY,
        {
            "facility_name": "Cơ sở A",
            "kind": "cooperative",
            "products": "P",
            "workers": 7,
            "wants_support": False,
        },
    )
    assert facility_values(NEED_SURVEY, cleaned) == {
        "name": "Cơ sở A",
        "kind": "cooperative",
        "products": "P",
        "workers": 7,
    }
