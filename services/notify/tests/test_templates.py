"""Every kind has a template in every language, uses only the variables its messages bring,
and renders a title and a body with them."""

from __future__ import annotations

import pytest
from jinja2 import meta

from egisz.notify.domain.model import LANGUAGES, VARIABLES, NotificationKind
from egisz.notify.templates import Templates

templates = Templates()


def sample(kind: NotificationKind) -> dict[str, object]:
    return {name: f"<{name}>" for name in VARIABLES[kind]}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", list(NotificationKind))
def test_every_kind_renders_in_every_language(kind: NotificationKind, language: str) -> None:
    env = templates.environments[language]
    assert env.loader is not None
    source = env.loader.get_source(env, f"{kind.value}.txt")[0]
    used = meta.find_undeclared_variables(env.parse(source))
    assert used <= VARIABLES[kind], f"{language}/{kind.value} uses {used - VARIABLES[kind]}"
    text = templates.render(kind, language, **sample(kind))
    assert text.title and text.body
    assert "{{" not in text.title + text.body


def test_russian_is_the_default_and_a_missing_variable_fails_loudly() -> None:
    text = templates.render(
        NotificationKind.APPLICATION_STATUS,
        speciality="терапия",
        status="under_review",
        status_title="На рассмотрении",
        reason=None,
    )
    assert text.title == "Заявление на аккредитацию: На рассмотрении"
    with pytest.raises(Exception, match="speciality"):
        templates.render(NotificationKind.APPLICATION_NOT_DELIVERED)


def test_the_http_schema_offers_exactly_the_languages_there_are_templates_in() -> None:
    from egisz.contracts.notify import UpdatePreferences

    offered = UpdatePreferences.model_json_schema()["properties"]["language"]["enum"]
    assert [lang for lang in offered if lang is not None] == list(LANGUAGES)
