"""The center's entry points: the intake (the accreditation service delivers here) and the
journal its staff read."""

from __future__ import annotations

from dataclasses import dataclass

from egisz.contracts import fac as wire, subjects
from egisz.contracts.accreditation import ApplicantPersonalData
from egisz.contracts.envelope import Role
from egisz.fac import usecases
from egisz.fac.domain.model import ReceivedPackage
from egisz.fac.repository import CenterUnitOfWork
from egisz.runtime.messaging import CommandContext
from egisz.runtime.ports import next_cursor
from egisz.runtime.routing import Router, UnitOfWorkFactory


@dataclass(frozen=True)
class Dependencies:
    units: UnitOfWorkFactory[CenterUnitOfWork]


router = Router[Dependencies]()


def _view(p: ReceivedPackage) -> wire.ReceivedPackage:
    return wire.ReceivedPackage(
        intake_number=p.intake_number,
        application_id=p.application_id,
        received_on=p.received_on,
        kind=p.kind,
        speciality=p.speciality,
        applicant_name=p.applicant_name,
        snapshot_id=p.snapshot_id,
        documents=p.documents,
    )


def _full_name(p: ApplicantPersonalData) -> str:
    return " ".join(n for n in (p.last_name, p.first_name, p.middle_name) if n)


# Only our accreditation service delivers: no token comes with a package, the NATS permissions
# are the proof (contracts.identities.NATS_ONLY; deploy/nats/users.conf).
@router.command(subjects.FAC_INTAKE, roles={Role.SERVICE})
async def intake(
    req: wire.ApplicationPackage, ctx: CommandContext, deps: Dependencies
) -> wire.IntakeReceipt:
    received = await usecases.receive_package(
        deps.units,
        usecases.Package(
            application_id=req.application_id,
            kind=req.kind,
            speciality=req.speciality,
            applicant_name=_full_name(req.applicant),
            snils=req.snils,
            snapshot_id=req.snapshot_id,
            documents=len(req.documents),
        ),
    )
    return wire.IntakeReceipt(
        application_id=received.application_id,
        intake_number=received.intake_number,
        received_on=received.received_on,
    )


@router.command(subjects.FAC_PACKAGE_LIST, roles={Role.FAC_OPERATOR})
async def package_list(
    req: wire.ListPackages, ctx: CommandContext, deps: Dependencies
) -> wire.PackageJournal:
    found = await usecases.journal(deps.units(ctx), after=req.after, limit=req.limit)
    return wire.PackageJournal(
        items=[_view(p) for p in found], next_cursor=next_cursor(found, req.limit)
    )
