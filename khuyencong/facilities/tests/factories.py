import factory

from khuyencong.facilities.choices import FacilityKind
from khuyencong.facilities.models import Facility


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Cơ sở sản xuất số {n}")
    kind = FacilityKind.HOUSEHOLD
    workers = 5
