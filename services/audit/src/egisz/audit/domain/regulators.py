"""Who reads the journal as a regulator: a member of an authority in the register of authorities
(reporting keeps it; the journal follows its `authority.changed` events), never the regulator
role in a token alone. A federal authority's member searches and checks the journal; a region's
member checks the chain but may not search until the journal knows the organizations' regions
(a search limited to a region cannot be made yet, and a wider one is refused). Pure."""

from __future__ import annotations

from dataclasses import dataclass

from egisz.audit.domain.errors import NotAnAuthorityMemberError, RegionalSearchUnavailableError

FEDERAL = "federal"


@dataclass(frozen=True)
class Authority:
    id: str
    level: str  # "federal" or "regional", as the register says
    region: str | None
    members: frozenset[str]  # SNILS, digits only
    version: int


def admit_regulator(authority: Authority | None, *, to_search: bool) -> Authority:
    """The authority the regulator reads the journal for; refused when there is none, or when
    a region's member would search."""
    if authority is None:
        raise NotAnAuthorityMemberError()
    if to_search and authority.level != FEDERAL:
        raise RegionalSearchUnavailableError()
    return authority
