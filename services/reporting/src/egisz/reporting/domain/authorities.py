"""The register of authorities that read reports: the Ministry (federal, every region) and each
region's health authority (its own region). A person reads an authority's reports only while the
register counts them among its members — the regulator role in a token says nothing alone. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field

from egisz.kernel.errors import InvalidInputError
from egisz.kernel.snils import normalize_snils, snils_problem

FEDERAL = "federal"
REGIONAL = "regional"


@dataclass(frozen=True)
class AuthorityChanged:
    """The authority was recorded, or a member admitted or withdrawn: published as its whole
    state once committed (the audit journal admits regulators by it)."""

    authority: Authority


@dataclass
class Authority:
    id: str
    name: str
    level: str  # FEDERAL or REGIONAL
    region: str | None  # the regions' book's code; None for the federal one
    members: set[str] = field(default_factory=set)  # normalized SNILS
    version: int = 0
    events: list[object] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def register(cls, id: str, name: str, level: str, region: str | None) -> Authority:
        if level == REGIONAL and region is None:
            raise InvalidInputError.of("region", "Укажите код региона регионального органа")
        if level == FEDERAL and region is not None:
            raise InvalidInputError.of(
                "region", "Федеральный орган не привязан к региону: уберите код региона"
            )
        authority = cls(id=id, name=name.strip(), level=level, region=region)
        authority.events.append(AuthorityChanged(authority))
        return authority

    def admit(self, snils: str) -> None:
        problem = snils_problem(snils)
        if problem:
            raise InvalidInputError.of("snils", problem)
        self.members.add(normalize_snils(snils))
        self.events.append(AuthorityChanged(self))

    def announce(self) -> None:
        """Said again as it is (its followers may have missed it, or lost it to a restore)."""
        self.events.append(AuthorityChanged(self))

    def withdraw(self, snils: str) -> None:
        self.members.discard(normalize_snils(snils))
        self.events.append(AuthorityChanged(self))

    def has(self, snils: str | None) -> bool:
        return bool(snils) and normalize_snils(snils or "") in self.members
