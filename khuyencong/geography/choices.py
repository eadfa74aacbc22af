from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

# The 2025 reorganisation: Resolution 202/2025/QH15; merged local governments operate from 01/07/2025.
REFORM_DATE = date(2025, 7, 1)
LEGACY_VALID_TO = date(2025, 6, 30)
# Start of the legacy code list as we load it (the GSO list in force before the reorganisation).
LEGACY_VALID_FROM = date(2004, 1, 1)


class Scheme(models.TextChoices):
    """Code schemes. Old and new codes overlap numerically, so a code is only meaningful with its scheme."""

    LEGACY = "legacy", _("Before 01/07/2025 (63 provinces)")
    REFORM_2025 = "2025", _("From 01/07/2025 (34 provinces)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class UnitType(models.TextChoices):
    TINH = "tinh", _("Province (tỉnh)")
    THANH_PHO_TRUNG_UONG = "thanh_pho_trung_uong", _("Centrally-run city")
    HUYEN = "huyen", _("Rural district (huyện)")
    QUAN = "quan", _("Urban district (quận)")
    THI_XA = "thi_xa", _("Town (thị xã)")
    THANH_PHO = "thanh_pho", _("Provincial city (thành phố)")
    XA = "xa", _("Commune (xã)")
    PHUONG = "phuong", _("Ward (phường)")
    THI_TRAN = "thi_tran", _("Township (thị trấn)")
    DAC_KHU = "dac_khu", _("Special zone (đặc khu)")
