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


@pytest.fixture
def ref(db):
    """Content categories and support caps (programs reference data), for đề án."""
    from khuyencong.programs.reference import load

    load()


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a fresh folder of the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
