"""Who reads the journal as a regulator: a member of an authority in the register of authorities
(reporting keeps it; the journal follows its `authority.changed` events), never the regulator
role in a token alone. A member of any authority checks the chain; a federal authority's member
searches the whole journal, a region's member the records of their region's organizations (the
journal knows each organization's region from FRMO's `organization.registered`). Pure."""

from __future__ import annotations

from dataclasses import dataclass

from egisz.audit.domain.errors import NotAnAuthorityMemberError, OutsideRegionError

FEDERAL = "federal"


@dataclass(frozen=True)
class Authority:
    id: str
    level: str  # "federal" or "regional", as the register says
    region: str | None
    members: frozenset[str]  # SNILS, digits only
    version: int


def admit_regulator(authority: Authority | None) -> Authority:
    """The authority the regulator reads the journal for; refused when there is none."""
    if authority is None:
        raise NotAnAuthorityMemberError()
    return authority


def search_region(
    authority: Authority | None, *, organization: str | None, region_of_organization: str | None
) -> str | None:
    """The region a regulator's search is limited to (None: the whole journal, a federal
    member's). A region's member searches within it: naming an organization, one FRMO recorded
    in their region (`region_of_organization`: None when unknown)."""
    member = admit_regulator(authority)
    if member.level == FEDERAL:
        return None
    if organization is not None and region_of_organization != member.region:
        raise OutsideRegionError(member.region)
    return member.region
