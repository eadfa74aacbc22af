"""The establishment search is indexed on PostgreSQL (migration 0003: pg_trgm), and still matches."""

import pytest
from django.db import connection

from khuyencong.facilities.models import Facility

from .factories import FacilityFactory


@pytest.mark.django_db
def test_search_uses_trigram_index_on_postgresql(personas):
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'facilities_search_trgm_idx'")
        (definition,) = cursor.fetchone()
        assert "gin_trgm_ops" in definition
        cursor.execute("SET enable_seqscan = off")  # a tiny table: make the planner show it can use the index
        cursor.execute("EXPLAIN SELECT id FROM facilities_facility WHERE search_text LIKE '%ca phe%'")
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "facilities_search_trgm_idx" in plan
    coffee = FacilityFactory(name="Cơ sở rang xay Cà Phê Đắk Nông", province=personas.lam_dong)
    FacilityFactory(name="Cơ sở mây tre đan", province=personas.lam_dong)
    assert list(Facility.objects.filter(search_text__contains="ca phe")) == [coffee]
