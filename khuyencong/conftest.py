import pytest
from django.core.management import call_command

from khuyencong.accounts.tests.factories import PersonaFactory


@pytest.fixture
def personas(db, geo):
    """Central agency, officers of Lâm Đồng and Hà Nội, an investor, a collaborator, a viewer."""
    return PersonaFactory()


@pytest.fixture
def demo(settings, db):
    """The demo data of `khuyencong setup --demo` (personas, Đắk Nông and Hà Nội records)."""
    settings.DEBUG = True
    call_command("setup", demo=True, verbosity=0)
