"""The wire is a promise to other teams: these tests pin it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import egisz.contracts as contracts
from egisz.contracts import schema, subjects
from egisz.contracts.envelope import ErrorBody, FieldError, Reply
from egisz.contracts.events import CloudEvent

from .samples import SAMPLES
from .samples_base import NOW


def test_the_public_surface_is_pinned() -> None:
    assert sorted(contracts.__all__) == [
        "Actor",
        "CloudEvent",
        "CommandMeta",
        "DeadLetter",
        "ErrorBody",
        "ErrorCode",
        "FieldError",
        "FixableBy",
        "Reply",
        "Role",
        "TokenClaims",
        "__version__",
    ]
    for name in contracts.__all__:
        assert getattr(contracts, name) is not None


def test_the_subjects_are_pinned() -> None:
    assert sorted(r["subject"] for r in subjects.describe()) == [
        "egisz.accreditation.cmd.accreditation.change_standing",
        "egisz.accreditation.cmd.applicant.get",
        "egisz.accreditation.cmd.application.cancel",
        "egisz.accreditation.cmd.application.decide",
        "egisz.accreditation.cmd.application.document_attach",
        "egisz.accreditation.cmd.application.document_download",
        "egisz.accreditation.cmd.application.document_upload",
        "egisz.accreditation.cmd.application.documents_check",
        "egisz.accreditation.cmd.application.form",
        "egisz.accreditation.cmd.application.get",
        "egisz.accreditation.cmd.application.list",
        "egisz.accreditation.cmd.application.queue",
        "egisz.accreditation.cmd.application.register_paper",
        "egisz.accreditation.cmd.application.reject",
        "egisz.accreditation.cmd.application.submit",
        "egisz.accreditation.cmd.extract.download",
        "egisz.accreditation.cmd.extract.get",
        "egisz.accreditation.cmd.extract.issue",
        "egisz.accreditation.cmd.extract.list",
        "egisz.accreditation.cmd.extract.order",
        "egisz.accreditation.cmd.extract.queue",
        "egisz.accreditation.cmd.extract.refuse",
        "egisz.accreditation.cmd.extract.verify",
        "egisz.accreditation.evt.accreditation.passed",
        "egisz.accreditation.evt.accreditation.standing_changed",
        "egisz.accreditation.evt.application.deadline_missed",
        "egisz.accreditation.evt.application.documents_checked",
        "egisz.accreditation.evt.application.status_changed",
        "egisz.accreditation.evt.application.submitted",
        "egisz.accreditation.evt.extract.status_changed",
        "egisz.audit.cmd.journal.search",
        "egisz.audit.cmd.journal.verify",
        "egisz.audit.cmd.my_journal.list",
        "egisz.audit.evt.accreditation.journaled",
        "egisz.audit.evt.audit.journaled",
        "egisz.audit.evt.notify.journaled",
        "egisz.audit.evt.portfolio.journaled",
        "egisz.audit.evt.registry.journaled",
        "egisz.fac.cmd.package.intake",
        "egisz.fac.cmd.package.list",
        "egisz.notify.cmd.inbox.list",
        "egisz.notify.cmd.inbox.mark_read",
        "egisz.notify.cmd.preferences.get",
        "egisz.notify.cmd.preferences.update",
        "egisz.notify.evt.delivery.attempted",
        "egisz.notify.evt.notification.created",
        "egisz.portfolio.cmd.approval.decide",
        "egisz.portfolio.cmd.approval.not_required",
        "egisz.portfolio.cmd.approval.paper_confirm",
        "egisz.portfolio.cmd.approval.pending",
        "egisz.portfolio.cmd.approval.report",
        "egisz.portfolio.cmd.approval.request",
        "egisz.portfolio.cmd.document.attach",
        "egisz.portfolio.cmd.document.download",
        "egisz.portfolio.cmd.document.remove",
        "egisz.portfolio.cmd.document.upload",
        "egisz.portfolio.cmd.education.declare",
        "egisz.portfolio.cmd.education.import_nmo",
        "egisz.portfolio.cmd.education.remove",
        "egisz.portfolio.cmd.experience.add_line",
        "egisz.portfolio.cmd.experience.mark_dismissal",
        "egisz.portfolio.cmd.experience.remove_line",
        "egisz.portfolio.cmd.portfolio.get",
        "egisz.portfolio.cmd.professional_part.update",
        "egisz.portfolio.cmd.readiness.get",
        "egisz.portfolio.cmd.report.print",
        "egisz.portfolio.cmd.signing_key.register",
        "egisz.portfolio.cmd.snapshot.create",
        "egisz.portfolio.cmd.snapshot.get",
        "egisz.portfolio.evt.approval.decided",
        "egisz.portfolio.evt.approval.requested",
        "egisz.portfolio.evt.document.attached",
        "egisz.portfolio.evt.document.removed",
        "egisz.portfolio.evt.education.updated",
        "egisz.portfolio.evt.portfolio.created",
        "egisz.portfolio.evt.professional_part.updated",
        "egisz.portfolio.evt.signing_key.registered",
        "egisz.portfolio.evt.snapshot.created",
        "egisz.registry.cmd.access.list",
        "egisz.registry.cmd.access.queue",
        "egisz.registry.cmd.access.request",
        "egisz.registry.cmd.access.review",
        "egisz.registry.cmd.access.revoke",
        "egisz.registry.cmd.affiliation.add",
        "egisz.registry.cmd.affiliation.end",
        "egisz.registry.cmd.branch.add",
        "egisz.registry.cmd.branch.close",
        "egisz.registry.cmd.branch.update",
        "egisz.registry.cmd.category.assign",
        "egisz.registry.cmd.category.correct",
        "egisz.registry.cmd.certificate.add",
        "egisz.registry.cmd.certificate.correct",
        "egisz.registry.cmd.changes.list",
        "egisz.registry.cmd.correction.list",
        "egisz.registry.cmd.correction.report",
        "egisz.registry.cmd.correction.resolve",
        "egisz.registry.cmd.dictionary.get",
        "egisz.registry.cmd.dictionary.list",
        "egisz.registry.cmd.dictionary.load",
        "egisz.registry.cmd.dictionary_entry.get",
        "egisz.registry.cmd.dictionary_entry.list",
        "egisz.registry.cmd.dictionary_entry.search",
        "egisz.registry.cmd.dictionary_file.upload",
        "egisz.registry.cmd.directory.history",
        "egisz.registry.cmd.directory.read",
        "egisz.registry.cmd.directory.search",
        "egisz.registry.cmd.education.add",
        "egisz.registry.cmd.education.correct",
        "egisz.registry.cmd.employment.correct",
        "egisz.registry.cmd.employment.end",
        "egisz.registry.cmd.employment.start",
        "egisz.registry.cmd.endpoint.remove",
        "egisz.registry.cmd.endpoint.set",
        "egisz.registry.cmd.entry.annul",
        "egisz.registry.cmd.equipment.add",
        "egisz.registry.cmd.equipment.remove",
        "egisz.registry.cmd.equipment.update",
        "egisz.registry.cmd.file.read",
        "egisz.registry.cmd.file.upload",
        "egisz.registry.cmd.learner.get",
        "egisz.registry.cmd.learner.import",
        "egisz.registry.cmd.learner.review_queue",
        "egisz.registry.cmd.licence.remove",
        "egisz.registry.cmd.organization.act_download",
        "egisz.registry.cmd.organization.act_verify",
        "egisz.registry.cmd.organization.get",
        "egisz.registry.cmd.organization.profile_set",
        "egisz.registry.cmd.organization.search",
        "egisz.registry.cmd.organization.update",
        "egisz.registry.cmd.practitioner.may_practise",
        "egisz.registry.cmd.practitioner.verify",
        "egisz.registry.cmd.registration_request.check",
        "egisz.registry.cmd.registration_request.get",
        "egisz.registry.cmd.registration_request.list",
        "egisz.registry.cmd.registration_request.resubmit",
        "egisz.registry.cmd.registration_request.review",
        "egisz.registry.cmd.registration_request.submit",
        "egisz.registry.cmd.staff.list",
        "egisz.registry.cmd.staffing.get",
        "egisz.registry.cmd.staffing.import",
        "egisz.registry.cmd.staffing.set",
        "egisz.registry.cmd.subdivision.add",
        "egisz.registry.cmd.subdivision.close",
        "egisz.registry.cmd.subdivision.set_beds",
        "egisz.registry.cmd.subdivision.update",
        "egisz.registry.cmd.ticket.answer",
        "egisz.registry.cmd.ticket.get",
        "egisz.registry.cmd.ticket.list_mine",
        "egisz.registry.cmd.ticket.open",
        "egisz.registry.cmd.ticket.queue",
        "egisz.registry.cmd.ticket.reply",
        "egisz.registry.cmd.ticket.request_data_change",
        "egisz.registry.cmd.trust.ca_add",
        "egisz.registry.cmd.trust.ca_list",
        "egisz.registry.cmd.trust.ca_remove",
        "egisz.registry.cmd.uncoded_entry.list",
        "egisz.registry.cmd.uncoded_entry.map",
        "egisz.registry.cmd.uncoded_entry.resolve",
        "egisz.registry.cmd.uncoded_structure.list",
        "egisz.registry.cmd.uncoded_structure.map",
        "egisz.registry.cmd.uncoded_structure.resolve",
        "egisz.registry.cmd.worker.get",
        "egisz.registry.cmd.worker.hire",
        "egisz.registry.cmd.worker.import",
        "egisz.registry.cmd.worker.register",
        "egisz.registry.cmd.worker.resolve_duplicate",
        "egisz.registry.cmd.worker.review_queue",
        "egisz.registry.cmd.worker.update",
        "egisz.registry.evt.access.decided",
        "egisz.registry.evt.access.requested",
        "egisz.registry.evt.access.revoked",
        "egisz.registry.evt.accreditation.recorded",
        "egisz.registry.evt.category.assigned",
        "egisz.registry.evt.certificate.added",
        "egisz.registry.evt.correction.requested",
        "egisz.registry.evt.correction.resolved",
        "egisz.registry.evt.dictionary.version_loaded",
        "egisz.registry.evt.education.added",
        "egisz.registry.evt.employment.ended",
        "egisz.registry.evt.employment.started",
        "egisz.registry.evt.entry.annulled",
        "egisz.registry.evt.entry.corrected",
        "egisz.registry.evt.learner.recorded",
        "egisz.registry.evt.organization.access_granted",
        "egisz.registry.evt.organization.registered",
        "egisz.registry.evt.organization.updated",
        "egisz.registry.evt.registration_request.status_changed",
        "egisz.registry.evt.staffing.changed",
        "egisz.registry.evt.subdivision.added",
        "egisz.registry.evt.ticket.opened",
        "egisz.registry.evt.ticket.status_changed",
        "egisz.registry.evt.worker.duplicate_resolved",
        "egisz.registry.evt.worker.flagged",
        "egisz.registry.evt.worker.registered",
        "egisz.registry.evt.worker.updated",
        "egisz.reporting.cmd.authority.add_member",
        "egisz.reporting.cmd.authority.list",
        "egisz.reporting.cmd.authority.register",
        "egisz.reporting.cmd.authority.remove_member",
        "egisz.reporting.cmd.movement.get",
        "egisz.reporting.cmd.occupancy.get",
        "egisz.reporting.cmd.open_data.download",
        "egisz.reporting.cmd.open_data.list",
        "egisz.reporting.cmd.open_data.publish",
        "egisz.reporting.cmd.rebuild.get",
        "egisz.reporting.cmd.rebuild.start",
        "egisz.reporting.cmd.report.download",
        "egisz.reporting.cmd.report.export",
        "egisz.reporting.cmd.structure.get",
        "egisz.reporting.evt.authority.changed",
    ]


def test_subjects_are_unique_and_follow_the_naming_rule() -> None:
    all_subjects = [c.subject for c in subjects.COMMANDS] + [e.subject for e in subjects.EVENTS]
    assert len(all_subjects) == len(set(all_subjects))
    for subject in all_subjects:
        match = subjects.SUBJECT_RULE.match(subject)
        assert match, subject
    for c in subjects.COMMANDS:
        assert ".cmd." in c.subject
    for e in subjects.EVENTS:
        assert ".evt." in e.subject
        assert e.subject.endswith("ed"), "events are named in the past tense"
        assert e.type == e.subject.replace("egisz.", "ru.egisz.", 1).replace(".evt.", ".") + ".v1"
        assert e.stream == f"EGISZ_{e.service.upper()}"


def test_every_message_model_has_a_sample_and_round_trips() -> None:
    models = subjects.all_models()
    assert set(models) == set(SAMPLES), "add a sample for every new message model"
    for name, model in models.items():
        original = model.model_validate(SAMPLES[name])
        again = model.model_validate_json(original.model_dump_json())
        assert again == original, name


@pytest.mark.parametrize("spec", subjects.EVENTS, ids=lambda e: e.subject)
def test_every_event_round_trips_in_a_cloudevent(spec: subjects.Event) -> None:
    data = spec.data.model_validate(SAMPLES[spec.data.__name__])
    event = CloudEvent[spec.data](  # type: ignore[name-defined]
        id="e1",
        source=f"/egisz/{spec.service}",
        type=spec.type,
        time=NOW,
        subject="w1",
        data=data,
        correlationid="c1",
        causationid="k1",
        actor="org_officer:u1",
    )
    wire = json.loads(event.model_dump_json())
    assert wire["specversion"] == "1.0"
    assert wire["datacontenttype"] == "application/json"
    assert CloudEvent[spec.data].model_validate(wire) == event  # type: ignore[name-defined]


def test_event_data_ignores_fields_a_newer_producer_adds() -> None:
    sample = {**SAMPLES["WorkerRegistered"], "added_in_v1_1": "x"}
    assert subjects.WORKER_REGISTERED.data.model_validate(sample).worker_id == "w1"  # type: ignore[attr-defined]


def test_commands_refuse_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        subjects.WORKER_REGISTER.request.model_validate({**SAMPLES["RegisterWorker"], "snisl": "1"})


def test_a_reply_is_either_a_result_or_an_error() -> None:
    error = ErrorBody(
        code="conflict",
        message="Уже есть",
        fields=[FieldError(field="snils", message="m")],
        fixable_by="organization",
    )
    assert Reply[Any].model_validate_json(Reply.failure(error).model_dump_json()).error == error
    with pytest.raises(ValidationError):
        Reply[Any](ok=True, error=error)
    with pytest.raises(ValidationError):
        Reply[Any](ok=False)


def test_mark_read_needs_one_notification_or_all() -> None:
    with pytest.raises(ValidationError):
        subjects.INBOX_MARK_READ.request.model_validate({})
    with pytest.raises(ValidationError):
        subjects.INBOX_MARK_READ.request.model_validate({"notification_id": "n", "all": True})


def test_json_schema_is_exported_for_every_message(tmp_path: Path) -> None:
    written = schema.write(tmp_path)
    names = {p.name.removesuffix(".schema.json") for p in written}
    assert set(subjects.all_models()) <= names
    for path in written:
        assert json.loads(path.read_text())["title"]


def test_every_service_has_an_asyncapi_document_naming_its_subjects(tmp_path: Path) -> None:
    from egisz.contracts import asyncapi

    for path in asyncapi.write(tmp_path):
        doc = json.loads(path.read_text())
        assert doc["asyncapi"] == "3.0.0"
        service = path.name.split(".")[0]
        addresses = {ch["address"] for ch in doc["channels"].values() if ch["address"]}
        assert addresses == {c.subject for c in subjects.COMMANDS if c.service == service} | {
            e.subject for e in subjects.EVENTS if e.service == service
        }
        text = json.dumps(doc)
        for ref in {part.split('"')[0] for part in text.split("#/components/schemas/")[1:]}:
            assert ref in doc["components"]["schemas"], ref
