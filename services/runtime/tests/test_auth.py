"""Tokens: EdDSA-signed, issuer and audience checked, roles enforced."""

from __future__ import annotations

from pathlib import Path

import pytest

from egisz.contracts.envelope import Role
from egisz.runtime.auth import TokenVerifier, generate_key_pair, issue_token, require_role
from egisz.runtime.errors import ForbiddenError, UnauthenticatedError


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, TokenVerifier]:
    private, public = generate_key_pair(tmp_path_factory.mktemp("k"))
    return private.read_text(), TokenVerifier(
        public.read_text(), issuer="egisz-dev-idp", audience="egisz"
    )


def test_a_valid_token_names_the_actor(keys: tuple[str, TokenVerifier]) -> None:
    private, verifier = keys
    actor = verifier.verify(
        "Bearer " + issue_token(private, role=Role.WORKER, snils="11223344595", sub="u1")
    )
    assert (actor.role, actor.sub, actor.snils) == (Role.WORKER, "u1", "11223344595")


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer", "Bearer not.a.jwt"])
def test_a_missing_or_malformed_token_is_refused(
    keys: tuple[str, TokenVerifier], header: str | None
) -> None:
    with pytest.raises(UnauthenticatedError):
        keys[1].verify(header)


def test_a_token_signed_by_another_key_is_refused(
    keys: tuple[str, TokenVerifier], tmp_path: Path
) -> None:
    other_private, _ = generate_key_pair(tmp_path)
    token = issue_token(other_private.read_text(), role=Role.SERVICE)
    with pytest.raises(UnauthenticatedError):
        keys[1].verify(f"Bearer {token}")


def test_an_expired_token_is_refused(keys: tuple[str, TokenVerifier]) -> None:
    token = issue_token(keys[0], role=Role.SERVICE, ttl_seconds=-10)
    with pytest.raises(UnauthenticatedError, match="истёк"):
        keys[1].verify(f"Bearer {token}")


def test_a_worker_token_needs_a_snils_and_an_officer_token_an_org(
    keys: tuple[str, TokenVerifier],
) -> None:
    with pytest.raises(UnauthenticatedError):
        keys[1].verify("Bearer " + issue_token(keys[0], role=Role.WORKER))
    with pytest.raises(UnauthenticatedError):
        keys[1].verify("Bearer " + issue_token(keys[0], role=Role.ORG_OFFICER))


def test_a_role_outside_the_allowed_ones_is_forbidden(keys: tuple[str, TokenVerifier]) -> None:
    actor = keys[1].verify("Bearer " + issue_token(keys[0], role=Role.MANAGER, org="1.2"))
    with pytest.raises(ForbiddenError):
        require_role(actor, {Role.ORG_OFFICER})
