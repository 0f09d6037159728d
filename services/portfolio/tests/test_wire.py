"""Every event the portfolio's domain records has a wire form of its contract."""

from __future__ import annotations

import json
import typing
from datetime import UTC, datetime

from egisz.contracts import subjects
from egisz.portfolio.domain import events, model
from egisz.portfolio.domain.approval import (
    ApprovalDecision,
    ApprovalRequest,
    Decision,
    Method,
    NotRequiredReason,
)
from egisz.portfolio.domain.documents import AttachedDocument, Purpose
from egisz.portfolio.domain.education import EducationItem, Kind
from egisz.portfolio.wire import to_wire
from egisz.runtime.events import Cause

NOW = datetime(2026, 11, 21, tzinfo=UTC)


def test_each_domain_event_becomes_its_cloudevent() -> None:
    p = model.Portfolio.open_for(portfolio_id="p1", worker_id="w1", snils="1", now=NOW)
    request = ApprovalRequest("r1", "1.2.643", "Главврачёв Пётр Ильич", None, NOW, 1)
    decision = ApprovalDecision(Decision.APPROVED, Method.SIGNATURE, "head", NOW)
    document = AttachedDocument("d1", Purpose.ADDITIONAL, "a.pdf", 10, NOW)
    item = EducationItem("e1", Kind.HIGHER, "РНИМУ", None, None, NOW.date())
    samples = [
        events.PortfolioOpened("p1", "w1"),
        events.ProfessionalPartUpdated(p.state(), events.Source.WORKER, False),
        events.ApprovalRequested(p.state(), request),
        events.ApprovalDecided(p.state(), decision),
        events.ApprovalNotRequired(p.state(), NotRequiredReason.IS_HEAD, NOW),
        events.DocumentAttached(p.state(), document),
        events.DocumentRemoved(p.state(), document),
        events.EducationUpdated(p.state(), item),
        events.SnapshotTaken(p.state(), "s1", 1, NOW),
    ]
    assert {type(e) for e in samples} == set(typing.get_args(events.DomainEvent))
    wire_subjects = [to_wire(e, Cause("c1")).subject for e in samples]
    assert wire_subjects == [
        subjects.PORTFOLIO_CREATED.subject,
        subjects.PROFESSIONAL_PART_UPDATED.subject,
        subjects.APPROVAL_REQUESTED.subject,
        subjects.APPROVAL_DECIDED.subject,
        subjects.APPROVAL_DECIDED.subject,
        subjects.DOCUMENT_ATTACHED.subject,
        subjects.DOCUMENT_REMOVED.subject,
        subjects.EDUCATION_UPDATED.subject,
        subjects.SNAPSHOT_CREATED.subject,
    ]
    declared = json.loads(to_wire(samples[4], Cause("c1")).body)
    assert declared["data"]["method"] == "declared"
