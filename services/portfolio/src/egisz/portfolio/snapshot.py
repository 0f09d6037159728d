"""«portfolio.xml»: the snapshot's XML form, validated against the XSD kept beside this module.
A snapshot that does not validate is refused whole — never a half document."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import xmlschema

from egisz.contracts.portfolio import PortfolioDocument, ProfessionalPart, Tenure

NAMESPACE = "urn:ru:egisz:portfolio:1"
XSD = Path(__file__).parent / "schema" / "portfolio.xsd"


@functools.cache
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSD))


def _el(parent: ET.Element, name: str, text: Any = None, **attrs: Any) -> ET.Element:
    el = ET.SubElement(parent, f"{{{NAMESPACE}}}{name}", {k: _str(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _str(text)
    return el


def _opt(parent: ET.Element, name: str, value: Any) -> None:
    if value is not None and value != "":
        _el(parent, name, value)


def _str(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _tenure(parent: ET.Element, name: str, t: Tenure) -> None:
    _el(parent, name, years=t.years, months=t.months, days=t.days)


def to_xml(doc: PortfolioDocument) -> str:
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(
        f"{{{NAMESPACE}}}portfolio",
        {
            "id": doc.portfolio_id,
            "snapshotVersion": str(doc.snapshot_version),
            "created": doc.created_at.isoformat(),
        },
    )
    worker = _el(root, "worker", id=doc.worker.worker_id)
    _el(worker, "snils", doc.worker.snils)
    _opt(worker, "lastName", doc.worker.last_name)
    professional = _professional(root, doc)
    _approval(professional, doc)
    _education(root, doc)
    documents = _el(root, "documents")
    for d in doc.documents:
        _el(
            documents,
            "document",
            id=d.document_id,
            purpose=d.purpose,
            filename=d.filename,
            size=d.size,
        )
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _professional(root: ET.Element, doc: PortfolioDocument) -> ET.Element:
    p = doc.professional
    professional = _el(root, "professional", version=p.version)
    if (period := p.report_period) is not None:
        declared = {"declared": True} if period.declared else {}
        _el(
            professional,
            "reportPeriod",
            start=period.start,
            end=period.end,
            employedNow=period.employed_now,
            **declared,
        )
    experience = _el(professional, "experience")
    for e in p.experience:
        said = {"endDeclared": True} if e.end_declared else {}
        entry = _el(experience, "entry", id=e.employment_id, inReport=e.in_report, **said)
        _el(entry, "organizationOid", e.organization_oid)
        _opt(entry, "organizationName", e.organization_name)
        _opt(entry, "subdivisionOid", e.subdivision_oid)
        _el(entry, "position", e.position)
        _el(entry, "kind", e.kind)
        _el(entry, "rate", e.rate)
        _el(entry, "startDate", e.start_date)
        _opt(entry, "endDate", e.end_date)
        _opt(entry, "fireReason", e.dismissal_reason)
        _tenure(entry, "tenure", e.tenure)
    _tenure(professional, "totalTenure", p.total_tenure)
    _own_experience(professional, p)
    skills = _el(professional, "keySkills")
    for skill in p.key_skills:
        _el(skills, "skill", skill)
    _opt(professional, "notes", p.experience_notes)
    return professional


def _own_experience(professional: ET.Element, p: ProfessionalPart) -> None:
    """The worker's own lines, each marked borne out by FRMR (`confirmedBy`) or not."""
    if not p.own_experience:
        return
    lines = _el(professional, "ownExperience")
    for x in p.own_experience:
        by = {"confirmedBy": x.confirmed_by} if x.confirmed_by else {}
        line = _el(lines, "line", id=x.line_id, inReport=x.in_report, **by)
        _el(line, "organizationName", x.organization_name)
        _opt(line, "organizationOid", x.organization_oid)
        _el(line, "position", x.position)
        _el(line, "startDate", x.start_date)
        _opt(line, "endDate", x.end_date)
        _tenure(line, "tenure", x.tenure)
    if p.total_tenure_declared is not None:
        _tenure(professional, "totalTenureDeclared", p.total_tenure_declared)


def _approval(professional: ET.Element, doc: PortfolioDocument) -> None:
    a = doc.approval
    attrs: dict[str, Any] = {"status": a.status}
    if a.report_version is not None:
        attrs["reportVersion"] = a.report_version
    approval = _el(professional, "approval", **attrs)
    _opt(approval, "organizationOid", a.organization_oid)
    _opt(approval, "headName", a.head_name)
    _opt(approval, "method", a.method)
    _opt(approval, "decidedAt", a.decided_at)
    _opt(approval, "reason", a.reason)
    _opt(approval, "notRequiredReason", a.not_required_reason)
    _opt(approval, "paperConfirmed", a.paper_confirmed)


def _education(root: ET.Element, doc: PortfolioDocument) -> None:
    education = _el(root, "education")
    for i in doc.education:
        source = (
            "registry" if i.registry_confirmed else "nmo" if i.confirmed_by else "self_declared"
        )
        item = _el(education, "item", id=i.item_id, kind=i.kind, source=source)
        _el(item, "title", i.title)
        _opt(item, "speciality", i.speciality)
        _opt(item, "documentNumber", i.document_number)
        _el(item, "issuedOn", i.issued_on)
        _opt(item, "validUntil", i.valid_until)
        _opt(item, "hoursCount", i.hours)


def problems(xml_text: str) -> list[str]:
    """Why the XML does not validate against portfolio.xsd (empty when it does)."""
    return [f"{e.path}: {e.reason}" for e in schema().iter_errors(xml_text)]
