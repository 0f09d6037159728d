"""The register of authorities said again whole: what its followers (the audit journal) missed
or lost reaches them."""

from __future__ import annotations

from egisz.reporting.domain.authorities import Authority, AuthorityChanged
from egisz.reporting.repository import FakeReportingUnitOfWork
from egisz.reporting.usecases.authorities import announce_authorities


async def test_every_authority_is_announced_again_as_it_is() -> None:
    uow = FakeReportingUnitOfWork()
    for id, level, region in (("mz", "federal", None), ("dzm-77", "regional", "77")):
        recorded = Authority(id=id, name=id, level=level, region=region, members={"11223344595"})
        uow.store_committed(recorded)  # recorded before the register published its changes
    assert await announce_authorities(lambda: uow) == 2
    said = [e.authority for e in uow.published if isinstance(e, AuthorityChanged)]
    assert sorted(a.id for a in said) == ["dzm-77", "mz"]
    assert all(a.members == {"11223344595"} and a.version == 1 for a in said)
