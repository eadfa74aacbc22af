"""Province pickers: today's units first in Vietnamese order, former ones grouped with their successor,
no "---------", the user's own province preselected."""

import pytest
from django.utils import translation

from khuyencong.accounts.models import User
from khuyencong.clusters.forms import ClusterForm
from khuyencong.inspections.forms import InspectionForm

pytestmark = pytest.mark.django_db


def test_cluster_form_province_picker(demo):
    with translation.override("en"):
        form = ClusterForm(user=User.objects.get(username="lamdong"))
        choices = list(form.fields["province"].choices)
        html = str(form["province"])
    assert choices[0] == ("", "Choose a province")
    current = [label for value, label in choices[1:] if not isinstance(label, list)]
    assert len(current) == 34 and len(set(current)) == 34
    assert current.index("Tỉnh Cà Mau") < current.index("Tỉnh Cao Bằng")
    assert current.index("Tỉnh Điện Biên") < current.index("Tỉnh Gia Lai")  # Đ right after D, not after Z
    group, former = choices[-1]
    assert group == "Before 1/7/2025" and len(former) == 63
    labels = dict(former).values()
    assert "Tỉnh Đắk Nông (now Tỉnh Lâm Đồng)" in labels
    assert '<optgroup label="Before 1/7/2025">' in html and "---------" not in html
    assert (
        form.initial["province"]
        == form.fields["province"].queryset.get(full_name="Tỉnh Lâm Đồng", valid_to=None).pk
    )
    assert f'value="{form.initial["province"]}" selected' in html


def test_nationwide_user_gets_no_default(demo):
    form = InspectionForm(user=User.objects.get(username="trunguong"))
    assert "province" not in form.initial
