"""The registry's commands and events: FRMO — scans, registration requests, the organization
record and access of responsible employees."""

from __future__ import annotations

from egisz.contracts import files, registry
from egisz.contracts.subjects.registry_subjects import _r, _re

FILE_UPLOAD = _r(
    "file",
    "upload",
    files.UploadFilePart,
    files.UploadProgress,
    "Upload a scan in parts; PDF/JPEG/PNG by content, size-limited; answered with its id.",
)
FILE_READ = _r(
    "file",
    "read",
    files.ReadFile,
    files.FilePart,
    "Read a stored scan part by part: its owner or the support desk.",
)
REQUEST_SUBMIT = _r(
    "registration_request",
    "submit",
    registry.SubmitRegistrationRequest,
    registry.RegistrationRequestView,
    "An organization applies to enter FRMO (status `accepted`).",
)
REQUEST_CHECK = _r(
    "registration_request",
    "check",
    registry.SubmitRegistrationRequest,
    registry.RequestCheck,
    "«Проверка»: every problem of a draft request named, nothing stored; the bytes to sign.",
)
REQUEST_RESUBMIT = _r(
    "registration_request",
    "resubmit",
    registry.ResubmitRegistrationRequest,
    registry.RegistrationRequestView,
    "The applicant amends a request the support desk asked to clarify.",
)
REQUEST_REVIEW = _r(
    "registration_request",
    "review",
    registry.ReviewRegistrationRequest,
    registry.RegistrationRequestView,
    "The support desk checks documents, asks for clarification, approves or rejects.",
)
REQUEST_GET = _r(
    "registration_request",
    "get",
    registry.GetRegistrationRequest,
    registry.RegistrationRequestView,
    "A request with its history, for its applicant or the support desk.",
)
REQUEST_LIST = _r(
    "registration_request",
    "list",
    registry.ListRegistrationRequests,
    registry.RegistrationRequestPage,
    "The support desk's queue of requests, by status.",
)
SUBDIVISION_UPDATE = _r(
    "subdivision",
    "update",
    registry.UpdateSubdivision,
    registry.OrganizationView,
    "An officer renames a subdivision or changes its kind.",
)
SUBDIVISION_CLOSE = _r(
    "subdivision",
    "close",
    registry.CloseSubdivision,
    registry.OrganizationView,
    "An officer closes a subdivision from a day on (its OID stays its own).",
)
EQUIPMENT_UPDATE = _r(
    "equipment",
    "update",
    registry.UpdateEquipment,
    registry.OrganizationView,
    "An officer corrects an item of equipment.",
)
EQUIPMENT_REMOVE = _r(
    "equipment",
    "remove",
    registry.RemoveEquipment,
    registry.OrganizationView,
    "An officer writes an item of equipment off.",
)
LICENCE_REMOVE = _r(
    "licence",
    "remove",
    registry.RemoveLicence,
    registry.OrganizationView,
    "An officer removes an annulled or replaced licence.",
)
ORGANIZATION_SEARCH = _r(
    "organization",
    "search",
    registry.SearchOrganizations,
    registry.OrganizationPage,
    "Public: FRMO organizations by INN, OGRN or words of the name, 100 a page; contacts to staff.",
)
ORGANIZATION_GET = _r(
    "organization",
    "get",
    registry.GetOrganization,
    registry.OrganizationView,
    "An FRMO organization's record.",
)
ORGANIZATION_UPDATE = _r(
    "organization",
    "update",
    registry.UpdateOrganization,
    registry.OrganizationView,
    "An officer changes requisites, adds a licence, sets the head or founders.",
)
SUBDIVISION_ADD = _r(
    "subdivision",
    "add",
    registry.AddSubdivision,
    registry.OrganizationView,
    "An officer adds a subdivision; it gets the OID `<org oid>.0.<n>`.",
)
SUBDIVISION_SET_BEDS = _r(
    "subdivision",
    "set_beds",
    registry.SetBeds,
    registry.OrganizationView,
    "An officer sets a subdivision's bed count for a profile.",
)
EQUIPMENT_ADD = _r(
    "equipment",
    "add",
    registry.AddEquipment,
    registry.OrganizationView,
    "An officer records a piece of equipment.",
)
REQUEST_STATUS_CHANGED = _re(
    "registration_request",
    "status_changed",
    registry.RegistrationRequestStatusChanged,
    "A registration request moved (accepted, checked, clarification, resubmitted, decided).",
)
ORGANIZATION_REGISTERED = _re(
    "organization",
    "registered",
    registry.OrganizationRegistered,
    "An organization entered FRMO with its OID.",
)
ACCESS_GRANTED = _re(
    "organization",
    "access_granted",
    registry.AccessGranted,
    "The responsible employees of a new organization got FRMO/FRMR access.",
)
ACCESS_REQUEST = _r(
    "access",
    "request",
    registry.RequestAccess,
    registry.AccessRequestView,
    "An officer of an organization in FRMO asks access for more responsible employees.",
)
ACCESS_REVIEW = _r(
    "access",
    "review",
    registry.ReviewAccessRequest,
    registry.AccessRequestView,
    "The support desk grants or refuses an access request (a reason to refuse).",
)
ACCESS_QUEUE = _r(
    "access",
    "queue",
    registry.ListAccessRequests,
    registry.AccessRequestPage,
    "The support desk's queue of access requests, by status.",
)
ACCESS_REVOKE = _r(
    "access",
    "revoke",
    registry.RevokeAccess,
    registry.AccessList,
    "The support desk takes a person's access to an organization away, with a reason.",
)
ACCESS_LIST = _r(
    "access",
    "list",
    registry.ListAccess,
    registry.AccessList,
    "Who holds access to an organization (its officers, or the support desk).",
)
ACCESS_REQUESTED = _re(
    "access",
    "requested",
    registry.AccessRequested,
    "An organization asked access for more responsible employees.",
)
ACCESS_REQUEST_DECIDED = _re(
    "access",
    "decided",
    registry.AccessRequestDecided,
    "The support desk granted or refused an access request.",
)
ACCESS_REVOKED = _re(
    "access",
    "revoked",
    registry.AccessRevoked,
    "A person's access to an organization was revoked.",
)
ORGANIZATION_UPDATED = _re(
    "organization",
    "updated",
    registry.OrganizationUpdated,
    "Sections of an organization's record changed.",
)
SUBDIVISION_ADDED = _re(
    "subdivision",
    "added",
    registry.SubdivisionAdded,
    "An organization added a subdivision.",
)
