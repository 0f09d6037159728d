"""The center's entry points: the intake (the accreditation service delivers here) and the
journal its staff read."""

from __future__ import annotations

from egisz.contracts import fac as wire
from egisz.contracts import subjects
from egisz.contracts.accreditation import ApplicantPersonalData
from egisz.contracts.envelope import Role
from egisz.fac import usecases
from egisz.fac.domain.model import ReceivedPackage
from egisz.fac.repository import MongoCenterUnitOfWork
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.messaging import CommandContext
from egisz.runtime.mongo import OutgoingEvent
from egisz.runtime.ports import next_cursor


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


def register(rt: ServiceRuntime) -> None:
    def uow() -> MongoCenterUnitOfWork:
        def no_events(event: object) -> OutgoingEvent:
            raise TypeError(f"the center publishes no events: {event!r}")

        return MongoCenterUnitOfWork(rt.unit_of_work(), no_events)

    # Only our accreditation service delivers: no token comes with a package, the NATS
    # permissions are the proof (contracts.identities.NATS_ONLY; deploy/nats/users.conf).
    @rt.command(subjects.FAC_INTAKE, roles={Role.SERVICE})
    async def intake(req: wire.ApplicationPackage, ctx: CommandContext) -> wire.IntakeReceipt:
        received = await usecases.receive_package(
            uow,
            usecases.Package(
                application_id=req.application_id,
                kind=req.kind,
                speciality=req.speciality,
                applicant_name=" ".join(
                    p
                    for p in (
                        req.applicant.last_name,
                        req.applicant.first_name,
                        req.applicant.middle_name,
                    )
                    if p
                ),
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

    @rt.command(subjects.FAC_PACKAGE_LIST, roles={Role.FAC_OPERATOR})
    async def package_list(req: wire.ListPackages, ctx: CommandContext) -> wire.PackageJournal:
        found = await usecases.journal(uow(), after=req.after, limit=req.limit)
        return wire.PackageJournal(
            items=[_view(p) for p in found], next_cursor=next_cursor(found, req.limit)
        )
