"""Who acts for an organization, as the reporting service keeps it from FRMO's grants (the rule
itself is the kernel's `AccessHolders`). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field

from egisz.kernel.grants import AccessHolders


@dataclass
class OrganizationAccess:
    id: str  # the organization's OID
    officers: list[str] = field(default_factory=list)
    version: int = 0
    events: list[object] = field(default_factory=list, repr=False, compare=False)

    @property
    def holders(self) -> AccessHolders:
        return AccessHolders(tuple(self.officers))

    def after(self, *, admitted: list[str], dismissed: list[str]) -> bool:
        """Apply a grant or a revocation; whether anything changed."""
        officers = list(self.holders.after(admitted=admitted, dismissed=dismissed).snils)
        changed = officers != self.officers
        self.officers = officers
        return changed
