"""`khuyencong backup` / `restore` round-trip every record, its history and uploaded files."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from khuyencong.accounts.models import Organisation, User
from khuyencong.core.backup import backed_up_models

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot():
    return {m._meta.label: m._default_manager.count() for m in backed_up_models()}


def test_backup_and_restore_round_trip(settings, tmp_path, geo):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "decisions").mkdir(parents=True)
    (tmp_path / "media" / "decisions" / "qd-1757.pdf").write_bytes(b"%PDF-1.4 test")
    call_command("setup", demo=True, verbosity=0)
    org = Organisation.objects.get(short_name="Cục ĐCK")
    org.name = "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công (Bộ Công Thương)"
    org.save()
    before = snapshot()
    assert before["geography.AdminUnit"] > 14000 and before["accounts.HistoricalOrganisation"] > 0

    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive), verbosity=0)
    with pytest.raises(CommandError, match="không trống"):
        call_command("restore", str(archive), verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    (tmp_path / "media" / "decisions" / "qd-1757.pdf").unlink()
    assert User.objects.count() == 0
    call_command("restore", str(archive), verbosity=0)

    assert snapshot() == before
    assert User.objects.get(username="lamdong").check_password("khuyencong-demo")
    assert Organisation.objects.get(pk=org.pk).history.count() == 2
    assert (tmp_path / "media" / "decisions" / "qd-1757.pdf").read_bytes() == b"%PDF-1.4 test"
    # New rows get fresh ids after the restore (sequences moved on PostgreSQL).
    Organisation.objects.create(name="Tổ chức mới", kind="other")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "x.zip"
    bogus.write_text("not a zip")
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(bogus), verbosity=0)
