"""Every message model's sample, by model name: the tests round-trip each (a new model without
one fails `test_every_message_model_has_a_sample_and_round_trips`)."""

from __future__ import annotations

from typing import Any

from .samples_audit import AUDIT_SAMPLES
from .samples_base import BASE_SAMPLES
from .samples_dictionaries import DICTIONARY_SAMPLES
from .samples_directory import DIRECTORY_SAMPLES
from .samples_network import NETWORK_SAMPLES
from .samples_registry import REGISTRY_SAMPLES
from .samples_reporting import REPORTING_SAMPLES
from .samples_services import SERVICE_SAMPLES
from .samples_staffing import STAFFING_SAMPLES
from .samples_support import SUPPORT_SAMPLES
from .samples_trust import TRUST_SAMPLES

SAMPLES: dict[str, dict[str, Any]] = {
    **BASE_SAMPLES,
    **REGISTRY_SAMPLES,
    **DICTIONARY_SAMPLES,
    **SERVICE_SAMPLES,
    **STAFFING_SAMPLES,
    **REPORTING_SAMPLES,
    **DIRECTORY_SAMPLES,
    **NETWORK_SAMPLES,
    **TRUST_SAMPLES,
    **AUDIT_SAMPLES,
    **SUPPORT_SAMPLES,
}
