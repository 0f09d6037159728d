"""Who sees which figures (`domain/audience.py`) and the register of authorities."""

from __future__ import annotations

import pytest

from egisz.kernel.errors import InvalidInputError
from egisz.kernel.grants import AccessHolders
from egisz.reporting.domain.audience import (
    EVERYTHING,
    PUBLIC,
    SMALL_CELL,
    Audience,
    Scope,
    officer_audience,
    regulator_audience,
    scope_of,
)
from egisz.reporting.domain.authorities import Authority
from egisz.reporting.domain.errors import NotAnAuthorityError, OutsideAuthorityError

SNILS = "112-233-445 95"


def asked(audience: Audience, region=None, org=None, org_region=None) -> Scope:
    return scope_of(
        audience, region=region, organization_oid=org, region_of_organization=org_region
    )


def test_a_regulator_outside_the_register_is_refused() -> None:
    with pytest.raises(NotAnAuthorityError):
        regulator_audience(None)


def test_the_federal_authority_sees_every_region_unsuppressed() -> None:
    ministry = Authority.register("minzdrav", "Минздрав России", "federal", None)
    audience = regulator_audience(ministry)
    assert audience == EVERYTHING
    assert asked(audience, region="50") == Scope(region="50")


def test_a_regional_authority_sees_its_region_and_is_refused_another() -> None:
    dzm = regulator_audience(Authority.register("dzm", "ДЗМ", "regional", "77"))
    assert asked(dzm) == Scope(region="77")
    assert asked(dzm, org="1.2.3", org_region="77") == Scope("77", "1.2.3")
    with pytest.raises(OutsideAuthorityError) as refused:
        asked(dzm, region="50")
    assert refused.value.fields[0].field == "region"
    with pytest.raises(OutsideAuthorityError):
        asked(dzm, org="1.2.4", org_region="50")


def test_an_officer_sees_their_organization_only_while_a_grant_admits_them() -> None:
    holders = AccessHolders.of([SNILS])
    mine = officer_audience("1.2.3", SNILS, holders)
    assert asked(mine, org_region="77") == Scope(organization_oid="1.2.3")
    with pytest.raises(OutsideAuthorityError):
        asked(mine, org="1.2.4")
    assert officer_audience("1.2.3", "12345678964", holders) == PUBLIC


def test_the_public_may_ask_anything_and_gets_small_cells_withheld() -> None:
    assert asked(PUBLIC, region="50") == Scope(region="50", small_cell=SMALL_CELL)


def test_an_authority_is_regional_with_a_region_and_federal_without() -> None:
    with pytest.raises(InvalidInputError) as no_region:
        Authority.register("x", "X", "regional", None)
    assert no_region.value.fields[0].field == "region"
    with pytest.raises(InvalidInputError):
        Authority.register("y", "Y", "federal", "77")


def test_a_member_is_known_by_snils_however_written_and_a_bad_one_is_refused() -> None:
    dzm = Authority.register("dzm", "ДЗМ", "regional", "77")
    dzm.admit(SNILS)
    assert dzm.has("11223344595")
    with pytest.raises(InvalidInputError) as bad:
        dzm.admit("11223344596")
    assert bad.value.fields[0].field == "snils"
    dzm.withdraw("11223344595")
    assert not dzm.has(SNILS)
