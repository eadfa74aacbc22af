import pytest


@pytest.fixture
def ref(db):
    """Content categories and support caps (programs reference data)."""
    from khuyencong.programs.reference import load

    load()
