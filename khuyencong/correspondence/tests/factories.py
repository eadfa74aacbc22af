"""Register entries for tests, saved through the service like the pages do."""

from datetime import date

from .. import services
from ..choices import Direction, DocumentType
from ..models import Correspondence


def entry(
    province, number, *, direction=Direction.INCOMING, kind=DocumentType.LETTER, issued_on=None, **fields
):
    fields.setdefault("issuing_body_name", "Bộ Công Thương")
    document = Correspondence(
        province=province,
        direction=direction,
        kind=kind,
        number=number,
        issued_on=issued_on or date(2026, 3, 2),
        **fields,
    )
    return services.save_entry(document)
