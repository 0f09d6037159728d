"""Who acts for an organization: the one rule every service applies. An officer acts for an
organization only while an FRMO access grant admits their SNILS and no revocation has dismissed
it since — never on a token's claim alone. The registry keeps the grants (and asks them by an
indexed query); a service that needs the rule keeps the organization's `AccessHolders`, following
the registry's `access.granted` and `access.revoked`, and asks them the same question. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from egisz.kernel.snils import normalize_snils


@dataclass(frozen=True)
class AccessHolders:
    """The SNILS FRMO's grants admit for one organization, each once, normalized."""

    snils: tuple[str, ...] = ()

    @classmethod
    def of(cls, snils: Iterable[str]) -> AccessHolders:
        return cls().after(admitted=snils)

    def after(
        self, *, admitted: Iterable[str] = (), dismissed: Iterable[str] = ()
    ) -> AccessHolders:
        """The holders once a grant admitted some and a revocation dismissed others."""
        gone = {normalize_snils(s) for s in dismissed}
        both = dict.fromkeys([*self.snils, *(normalize_snils(s) for s in admitted)])
        return AccessHolders(tuple(s for s in both if s and s not in gone))

    def admit(self, snils: str | None) -> bool:
        """Whether the officer with this SNILS acts for the organization now."""
        return bool(snils) and normalize_snils(snils or "") in self.snils
