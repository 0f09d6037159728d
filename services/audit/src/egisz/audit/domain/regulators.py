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


def search_region(authority: Authority | None) -> str | None:
    """The region a regulator's search is limited to; None: the whole journal (a federal
    authority's member)."""
    member = admit_regulator(authority)
    return None if member.level == FEDERAL else member.region


def admit_organization(region: str | None, region_of_organization: str | None) -> None:
    """An organization a region's member names is one FRMO recorded in their region
    (`region_of_organization`: None when FRMO never registered it)."""
    if region_of_organization != region:
        raise OutsideRegionError(region)
