"""The registers' events the reporting service keeps facts of (`intake.py` says which facts),
and FRMO's grants, which say whose officers read their organization's figures."""

from __future__ import annotations

from typing import Any

from egisz.contracts import registry as registry_wire, subjects
from egisz.contracts.events import CloudEvent
from egisz.contracts.subjects import Event
from egisz.reporting import usecases
from egisz.reporting.handlers.dependencies import Dependencies
from egisz.reporting.intake import facts_of
from egisz.reporting.settings import Consumer
from egisz.runtime.routing import EventConsumer, Router

router = Router[Dependencies]()

_FACTS_OF: dict[Event[Any], Consumer] = {
    subjects.WORKER_REGISTERED: Consumer.WORKER_REGISTERED,
    subjects.WORKER_UPDATED: Consumer.WORKER_UPDATED,
    subjects.EMPLOYMENT_STARTED: Consumer.EMPLOYMENT_STARTED,
    subjects.EMPLOYMENT_ENDED: Consumer.EMPLOYMENT_ENDED,
    subjects.ENTRY_CORRECTED: Consumer.ENTRY_CORRECTED,
    subjects.ENTRY_ANNULLED: Consumer.ENTRY_ANNULLED,
    subjects.ACCREDITATION_RECORDED: Consumer.ACCREDITATION_RECORDED,
    subjects.ORGANIZATION_REGISTERED: Consumer.ORGANIZATION_REGISTERED,
    subjects.ORGANIZATION_UPDATED: Consumer.ORGANIZATION_UPDATED,
    subjects.STAFFING_CHANGED: Consumer.STAFFING_CHANGED,
}


def _keeper(spec: Event[Any]) -> EventConsumer[Any, Dependencies]:
    async def keep_facts(event: CloudEvent[Any], deps: Dependencies) -> None:
        await deps.facts.apply(facts_of(spec, event.data, event.time))

    keep_facts.__name__ = f"keep_{spec.subject.rsplit('.', 2)[1]}_{spec.subject.rsplit('.', 1)[1]}"
    return keep_facts


# Facts are upserts that keep the newer version: a redelivery changes nothing, so they need no
# inbox mark of their own.
for _spec, _name in _FACTS_OF.items():
    router.consumer(_spec, name=_name)(_keeper(_spec))


@router.consumer(subjects.ACCESS_GRANTED, name=Consumer.ACCESS_GRANTED)
async def on_access_granted(
    event: CloudEvent[registry_wire.AccessGranted], deps: Dependencies
) -> None:
    data = event.data
    await usecases.note_access(
        deps.units(event),
        oid=data.organization_oid,
        admitted=[e.snils for e in data.employees],
        dismissed=[],
    )


@router.consumer(subjects.ACCESS_REVOKED, name=Consumer.ACCESS_REVOKED)
async def on_access_revoked(
    event: CloudEvent[registry_wire.AccessRevoked], deps: Dependencies
) -> None:
    data = event.data
    await usecases.note_access(
        deps.units(event), oid=data.organization_oid, admitted=[], dismissed=[data.snils]
    )
