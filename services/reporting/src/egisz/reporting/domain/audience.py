"""Who sees which figures. A regulator sees what their authority in the register covers (federal:
every region; regional: the organizations whose region is its own); an organization's officer,
while FRMO's access grant admits them, their own organization; everybody else — other roles and
the anonymous — the public figures, with small cells withheld. Asking beyond one's own is refused,
never quietly narrowed. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from egisz.kernel.grants import AccessHolders
from egisz.reporting.domain.authorities import FEDERAL, Authority
from egisz.reporting.domain.errors import NotAnAuthorityError, OutsideAuthorityError

SMALL_CELL = 5  # fewer people than this in a public figure: withheld


@dataclass(frozen=True)
class Audience:
    """What a caller may see: every organization, a region's, one, or the public figures."""

    everything: bool = False
    region: str | None = None
    organization_oid: str | None = None

    @property
    def public(self) -> bool:
        return not (self.everything or self.region or self.organization_oid)


PUBLIC = Audience()
EVERYTHING = Audience(everything=True)


@dataclass(frozen=True)
class Scope:
    """The organizations a report covers and whether small cells are withheld in it."""

    region: str | None = None
    organization_oid: str | None = None
    small_cell: int | None = None


def regulator_audience(authority: Authority | None) -> Audience:
    if authority is None:
        raise NotAnAuthorityError()
    if authority.level == FEDERAL:
        return EVERYTHING
    return Audience(region=authority.region)


def officer_audience(org: str | None, snils: str | None, holders: AccessHolders) -> Audience:
    """An officer whom no grant admits sees what the public sees."""
    if org and holders.admit(snils):
        return Audience(organization_oid=org)
    return PUBLIC


def scope_of(
    audience: Audience,
    *,
    region: str | None,
    organization_oid: str | None,
    region_of_organization: str | None,
) -> Scope:
    """The report's scope: what was asked, within what the audience sees. `region_of_organization`
    is the asked organization's region as FRMO registered it (None: unknown or not asked)."""
    if audience.public:
        return Scope(region, organization_oid, SMALL_CELL)
    if audience.everything:
        return Scope(region, organization_oid)
    if audience.region:
        if region not in (None, audience.region):
            raise OutsideAuthorityError.at("region", OutsideAuthorityError.code)
        if organization_oid and region_of_organization != audience.region:
            raise OutsideAuthorityError.at("organization_oid", OutsideAuthorityError.code)
        return Scope(audience.region, organization_oid)
    if organization_oid not in (None, audience.organization_oid):
        raise OutsideAuthorityError.at("organization_oid", OutsideAuthorityError.code)
    if region and region != region_of_organization:
        raise OutsideAuthorityError.at("region", OutsideAuthorityError.code)
    return Scope(None, audience.organization_oid)
