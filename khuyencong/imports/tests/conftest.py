import pytest


@pytest.fixture
def realistic_file(tmp_path):
    from .workbooks import realistic_workbook

    path = tmp_path / "bao-cao-khuyen-cong-dak-nong.xlsx"
    realistic_workbook().save(path)
    return path
