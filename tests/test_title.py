import pytest

from bot.model.title import find_title, title_role


@pytest.mark.parametrize(
    ("text", "title", "role"),
    [
        (
            "Program Manager, Customer Portal Relaunch\n\nAbout us",
            "Program Manager, Customer Portal Relaunch",
            "program",
        ),
        ("Job Title: Senior Project Manager\nLocation: Leeds", "Senior Project Manager", "project"),
        ("Acme Ltd\nRole: IT Project Lead (m/w/d)\n", "IT Project Lead", "project"),
        (
            "We're hiring a Technical Program Manager to join our payments team.",
            "Technical Program Manager",
            "program",
        ),
        (
            "Job description\nWe are looking for an experienced Program Manager to lead our data team.",
            "Program Manager",
            "program",
        ),
        ("my offer says Product Owner but I run the release plan", "Product Owner", "product"),
        ("Account Manager - London\nYou will grow our accounts", "Account Manager", "other"),
        ("Senior PM, Growth\n• Talk to customers", "Senior PM, Growth", None),
    ],
)
def test_titles_are_found_with_the_role_they_claim(text, title, role):
    found = find_title(text)
    assert found is not None
    assert (found.text, found.role) == (title, role)


def test_a_question_is_not_taken_for_a_headline():
    assert find_title("is a scrum master a project manager?").text == "scrum master"


def test_no_title_in_plain_duties():
    assert find_title("Keep the RAID log up to date and chase actions") is None


def test_ambiguous_acronyms_claim_no_role():
    assert title_role("PM") == (None, "PM")
    assert title_role("Senior PgM") == (None, "PgM")
    assert title_role("TPM") == ("program", None)


@pytest.mark.parametrize(
    ("title", "claim"),
    [
        ("Project Manager, Sustainable Water Programme", "project"),
        ("Program Manager, Product Data Management", "program"),
        ("Chef/fe de projet - Services Publics", "project"),
        ("Directrice de programme Transformation (H/F)", "program"),
        ("Chef de produit senior", "product"),
        ("Principal Projektmanager - Digitale Fertigung (all gender)", "project"),
        ("Programmleiter:in Netzausbau", "program"),
        ("Produktmanager (m/w/d) Medizintechnik", "product"),
        ("Jefe/a de Proyecto - Obra", "project"),
        ("Gerente de Programa - Salud", "program"),
        ("Responsable de Producto - Banca Digital", "product"),
        ("Programming Instructor", "other"),
    ],
)
def test_titles_in_four_languages_claim_the_role_their_head_noun_names(title, claim):
    assert title_role(title) == (claim, None)


@pytest.mark.parametrize(
    "title", ["Senior Scrum Master", "Software Delivery Manager", "Portfolio Manager"]
)
def test_titles_that_name_no_management_role_for_sure_claim_none(title):
    assert title_role(title) == (None, None)
