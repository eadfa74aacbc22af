import pytest

from khuyencong.accounts.tests.factories import PersonaFactory


@pytest.fixture
def personas(db):
    """Central agency, officers of Lâm Đồng and Hà Nội, an investor, a collaborator, a viewer."""
    return PersonaFactory()
