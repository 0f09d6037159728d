"""A directory resource and its versions. The register's records are the truth; a resource is
what a record makes of it today (`people.py`, `places.py`). A refresh compares what the record
makes now with what the directory holds and writes a version only for a difference: a new
resource (POST), a changed one (PUT), one the record no longer makes (DELETE). So a consumer
following `_history` sees each change once, and a redelivered event writes nothing. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Method = Literal["POST", "PUT", "DELETE"]
MCSD = "https://profiles.ihe.net/ITI/mCSD/StructureDefinition/"


@dataclass(frozen=True)
class Record:
    """One resource as a register's record makes it: FHIR JSON without `meta` (a version adds
    it), the keys searches find it by, and the day it would read otherwise with no event (a job
    starts or ends, a subdivision closes, a certificate lapses)."""

    type: str
    id: str
    resource: dict[str, Any]
    keys: dict[str, list[str]] = field(default_factory=dict)
    refresh_on: date | None = None

    @property
    def key(self) -> str:
        return f"{self.type}/{self.id}"


@dataclass(frozen=True)
class Version:
    """One version of a resource, as the directory keeps it (`resource` None: gone)."""

    type: str
    id: str
    version: int
    last_updated: datetime
    method: Method
    source: str  # the register's record it comes from: `worker:<id>`, `organization:<oid>`
    resource: dict[str, Any] | None
    keys: dict[str, list[str]] = field(default_factory=dict)
    refresh_on: date | None = None

    @property
    def key(self) -> str:
        return f"{self.type}/{self.id}"

    @property
    def gone(self) -> bool:
        return self.resource is None

    def with_meta(self) -> dict[str, Any] | None:
        """The resource as FHIR serves it: `meta` with the version, the instant and the mCSD
        profile."""
        if self.resource is None:
            return None
        meta = {
            "versionId": str(self.version),
            "lastUpdated": self.last_updated.isoformat().replace("+00:00", "Z"),
            "profile": [f"{MCSD}IHE.mCSD.{self.type}"],
        }
        return {"resourceType": self.type, "id": self.id, "meta": meta, **self.resource}


def changes(source: str, made: list[Record], held: list[Version], now: datetime) -> list[Version]:
    """The versions a refresh of `source` writes: `made` is what its record makes now, `held`
    the directory's latest version of each resource the source made before."""
    latest = {v.key: v for v in held}
    out: list[Version] = []
    for record in made:
        before = latest.pop(record.key, None)
        if before is not None and not before.gone and _same(before, record):
            continue
        method: Method = "POST" if before is None or before.gone else "PUT"
        number = before.version + 1 if before else 1
        out.append(
            Version(
                record.type,
                record.id,
                number,
                now,
                method,
                source,
                record.resource,
                record.keys,
                record.refresh_on,
            )
        )
    for before in latest.values():
        if not before.gone:
            out.append(
                Version(before.type, before.id, before.version + 1, now, "DELETE", source, None)
            )
    return out


def rescheduled(made: list[Record], held: list[Version]) -> dict[str, date | None]:
    """Resources that read the same but would change on another day than the held version
    says (key → the day): no new version, only the day the refresh comes back."""
    latest = {v.key: v for v in held}
    return {
        r.key: r.refresh_on
        for r in made
        if (v := latest.get(r.key)) is not None
        and not v.gone
        and _same(v, r)
        and v.refresh_on != r.refresh_on
    }


def _same(held: Version, record: Record) -> bool:
    return held.resource == record.resource and held.keys == record.keys
