"""What an organization search asks of FRMO, as one rule both repositories hold to. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field

from egisz.registry.domain.words import name_words
from egisz.registry.frmo.domain.organization import Organization


@dataclass(frozen=True)
class OrganizationCriteria:
    """What an organization search asks; every criterion given must hold."""

    inn: str | None = None
    ogrn: str | None = None
    words: list[str] = field(default_factory=list)  # each a word of the name
    type: str | None = None  # the organization types' book's code
    region: str | None = None  # the regions' book's code: the INN's first two digits

    def __bool__(self) -> bool:
        return bool(self.inn or self.ogrn or self.words or self.type or self.region)

    def holds_for(self, o: Organization) -> bool:
        r = o.requisites
        return (
            self.inn in (None, r.inn)
            and self.ogrn in (None, r.ogrn)
            and self.type in (None, o.type.value)
            and self.region in (None, r.region)
            and set(self.words) <= set(name_words(r.name))
        )
