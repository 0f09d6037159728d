"""«May this person practise this speciality today, and why» (registers people trust — Ahpra —
answer it): yes while an accreditation in the speciality is in force — in its term, neither
suspended nor revoked — or a specialist's certificate still valid; otherwise no, with the reason
of the latest of them (suspended since…, revoked…, expired…) or that FRMR has none. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from egisz.kernel.coding import same_coded
from egisz.kernel.standing import Standing, StandingStatus
from egisz.registry.frmr.domain.model import Worker


@dataclass(frozen=True)
class Basis:
    """An accreditation or a certificate in the speciality, as it stands on the day."""

    kind: str  # accreditation | certificate
    speciality: str
    speciality_code: str | None
    valid_until: date
    standing: Standing

    @property
    def in_force(self) -> bool:
        return self.standing.in_force


@dataclass(frozen=True)
class PracticeAnswer:
    may_practise: bool
    why: str
    basis: list[Basis]


def _day(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "—"


def _bases(w: Worker, speciality: str | None, code: str | None, day: date) -> list[Basis]:
    found = [
        Basis("accreditation", a.speciality, a.speciality_code, a.valid_until, a.standing_on(day))
        for a in w.accreditations
        if same_coded(a.speciality_code, a.speciality, code, speciality)
    ]
    for c in w.certificates:
        if same_coded(c.speciality_code, c.speciality, code, speciality):
            status = StandingStatus.ACTIVE if day <= c.valid_until else StandingStatus.EXPIRED
            found.append(
                Basis(
                    "certificate",
                    c.speciality,
                    c.speciality_code,
                    c.valid_until,
                    Standing(status, since=c.issued_on, until=c.valid_until),
                )
            )
    return sorted(found, key=lambda b: b.valid_until, reverse=True)


def _reason(b: Basis) -> str:
    what = "Аккредитация" if b.kind == "accreditation" else "Сертификат специалиста"
    head, s = f"{what} по специальности «{b.speciality}»", b.standing
    if s.status is StandingStatus.ACTIVE:
        return f"{head} действует до {_day(b.valid_until)}"
    if s.status is StandingStatus.SUSPENDED:
        until = f" по {_day(s.until)}" if s.until else " до возобновления"
        return f"{head} приостановлена с {_day(s.since)}{until}: {s.reason}"
    if s.status is StandingStatus.REVOKED:
        return f"{head} отозвана с {_day(s.since)}: {s.reason}"
    if s.status is StandingStatus.NOT_YET:
        return f"{head} действует с {_day(s.since)}"
    return f"{head}: срок истёк {_day(b.valid_until)}"


def may_practise(
    w: Worker, *, speciality: str | None, code: str | None, day: date
) -> PracticeAnswer:
    bases = _bases(w, speciality, code, day)
    in_force = [b for b in bases if b.in_force]
    if in_force:
        return PracticeAnswer(True, _reason(in_force[0]), bases)
    if bases:
        # A suspension or revocation says more than an older lapsed one.
        held = [
            b
            for b in bases
            if b.standing.status in (StandingStatus.SUSPENDED, StandingStatus.REVOKED)
        ]
        return PracticeAnswer(False, _reason((held or bases)[0]), bases)
    named = speciality or code or ""
    return PracticeAnswer(
        False, f"В ФРМР нет аккредитации или сертификата специалиста по специальности «{named}»", []
    )
