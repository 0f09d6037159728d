"""The certification authorities the registry trusts for people's signatures: the support
desk's list."""

from __future__ import annotations

from egisz.contracts.registry import trust
from egisz.contracts.subjects.registry_subjects import _r

TRUST_CA_ADD = _r(
    "trust",
    "ca_add",
    trust.AddTrustedCa,
    trust.TrustedCaView,
    "The support desk trusts a CA: signatures by certificates it issued are accepted.",
)
TRUST_CA_REMOVE = _r(
    "trust",
    "ca_remove",
    trust.RemoveTrustedCa,
    trust.TrustedCaList,
    "The support desk stops trusting a CA it loaded (the setting's are changed by deployment).",
)
TRUST_CA_LIST = _r(
    "trust",
    "ca_list",
    trust.ListTrustedCas,
    trust.TrustedCaList,
    "Every CA the registry trusts now, from the setting and from the desk.",
)
