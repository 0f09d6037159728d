"""Every system may do exactly its own commands (`egisz.contracts.identities`), over the wire:
a university's token reads no one and writes no portfolio, the accreditation service's token
reads no record, a token naming no registered system does nothing, and a directory following
the register reads records without passport, addresses or contacts (issue 28, row 3)."""

from __future__ import annotations

import pytest

from egisz.contracts import subjects
from egisz.testsupport.harness import As

from .test_learners import UNIVERSITY
from .workers_wire import registered

pytestmark = pytest.mark.integration


async def test_a_universitys_token_imports_its_learners_and_nothing_else(as_: As) -> None:
    worker = await registered(as_)
    university = as_.system("system:university", org=UNIVERSITY["ogrn"])
    for subject, body in (
        (subjects.WORKER_GET.subject, {"snils": worker["snils"]}),
        (subjects.LEARNER_GET.subject, {"snils": worker["snils"]}),
        (subjects.CHANGES_LIST.subject, {"after": 0, "limit": 1}),
        (subjects.ORGANIZATION_GET.subject, {"oid": "1.2.643.5.1.13.13.12.2.77.7701"}),
    ):
        refused = await university(subject, body)
        assert refused["error"]["code"] == "identity_not_allowed", (subject, refused)
        assert refused["error"]["kind"] == "forbidden"
        assert worker["snils"] not in str(refused)


async def test_a_services_own_token_reads_no_record(as_: As) -> None:
    worker = await registered(as_)
    for identity in ("service:accreditation", "service:notify", "system:nmo"):
        refused = await as_.system(identity)(
            subjects.WORKER_GET.subject, {"snils": worker["snils"]}
        )
        assert refused["error"]["code"] == "identity_not_allowed", identity


async def test_a_token_that_names_no_registered_system_does_nothing(as_: As) -> None:
    worker = await registered(as_)
    for sub in ("service-1a2b3c", "system:anything", "svc:directory-sync"):
        refused = await as_.system(sub)(subjects.WORKER_GET.subject, {"snils": worker["snils"]})
        assert refused["error"]["code"] == "identity_not_allowed", sub
        feed = await as_.system(sub)(subjects.CHANGES_LIST.subject, {"after": 0, "limit": 1})
        assert feed["error"]["code"] == "identity_not_allowed", sub


async def test_a_directory_reads_the_record_without_personal_data(as_: As) -> None:
    passport = {
        "kind": "passport_rf",
        "series": "45 06",
        "number": "123456",
        "issued_on": "2005-05-05",
        "issuer": "ОВД Тверского района г. Москвы",
    }
    worker = await registered(
        as_,
        identity_document=passport,
        registration_address={"postcode": "101000", "text": "Москва, Мясницкая, 1"},
    )
    seen = await as_.system("system:directory")(
        subjects.WORKER_GET.subject, {"worker_id": worker["worker_id"]}
    )
    assert seen["ok"], seen
    view = seen["result"]
    assert view["identity_document"] is None
    assert view["registration_address"] is None
    assert view["contacts"] == {"email": None, "phone": None}
    assert "123456" not in str(view)
