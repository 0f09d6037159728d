"""Reference books without servers: ФНСИ's files read, a version checked whole, loaded once,
what it changes against the version before, and which version a day is read by."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from egisz.kernel.errors import InvalidInputError
from egisz.registry.domain import coding
from egisz.registry.nsi import usecases
from egisz.registry.nsi.codebook import CachedCodeBook
from egisz.registry.nsi.domain.dictionary import Entry, changes_between
from egisz.registry.nsi.domain.errors import DictionaryFileError, VersionChangedError
from egisz.registry.nsi.formats import read_file
from egisz.registry.nsi.starter import load_starter_set, starter_files
from egisz.registry.repository import FakeRegistryUnitOfWork

from .nsi_files import POSITIONS, ROWS, archive, rest_file

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def test_a_rest_answer_and_an_archive_read_the_same() -> None:
    one, zipped = read_file(rest_file()), read_file(archive())
    assert one.entries == zipped.entries
    assert one.passport.oid == POSITIONS and one.passport.number == "9.1"
    assert one.passport.published_on == date(2025, 2, 1)
    therapist = next(e for e in one.entries if e.code == "109")
    assert (therapist.name, therapist.parent) == ("врач-терапевт", "1")
    assert therapist.attribute("STR_NUM") == "1.12"  # other columns are kept as attributes


def test_a_code_the_file_marks_not_actual_is_retired_by_that_version() -> None:
    rows = [*ROWS[:2], {"ID": "110", "PARENT": "1", "NAME": "участковый", "ACTUAL": "0"}]
    retired = next(e for e in read_file(rest_file(rows)).entries if e.code == "110")
    assert retired.valid_to == date(2025, 1, 31)
    assert not retired.in_force(date(2025, 2, 1))


def test_a_file_that_is_not_ffnsi_is_refused_naming_the_file() -> None:
    with pytest.raises(DictionaryFileError) as caught:
        read_file(b'{"something": "else"}')
    assert caught.value.fields[0].field == "file_id"
    with pytest.raises(DictionaryFileError):
        read_file(b"PK\x03\x04not really a zip")


def test_changes_are_counted_against_the_version_before_as_of_the_new_ones_day() -> None:
    old = {"1": Entry("1", "Врачи"), "2": Entry("2", "фельдшер"), "3": Entry("3", "акушер")}
    new = {
        "1": Entry("1", "Врачи"),
        "2": Entry("2", "фельдшер скорой помощи"),
        "3": Entry("3", "акушер", valid_to=date(2024, 12, 31)),
        "4": Entry("4", "медицинская сестра"),
    }
    found = changes_between(old, new, date(2025, 2, 1))
    assert (found.added, found.changed, found.retired) == (("4",), ("2",), ("3",))


async def test_a_version_is_loaded_once_and_its_number_never_takes_other_content() -> None:
    uow = FakeRegistryUnitOfWork()
    first = await usecases.load_version(
        uow, read_file(rest_file()), usecases.Given(), clock=lambda: NOW
    )
    again = await usecases.load_version(
        uow, read_file(archive()), usecases.Given(), clock=lambda: NOW
    )
    assert (first.loaded, again.loaded) == (True, False)
    assert [type(e).__name__ for e in uow.published] == ["VersionLoaded"]
    other = [*ROWS, {"ID": "111", "PARENT": "1", "NAME": "врач-педиатр"}]
    with pytest.raises(VersionChangedError):
        await usecases.load_version(uow, read_file(rest_file(other)), usecases.Given())


async def test_a_new_version_says_what_it_changes_and_a_day_is_read_by_the_version_of_its_time() -> (
    None
):
    uow = FakeRegistryUnitOfWork()
    await usecases.load_version(uow, read_file(rest_file()), usecases.Given(), clock=lambda: NOW)
    rows = [*ROWS[:2], {"ID": "111", "PARENT": "1", "NAME": "врач-педиатр"}]
    newer = read_file(rest_file(rows, version="9.2", published="01.06.2025"))
    done = await usecases.load_version(uow, newer, usecases.Given(), clock=lambda: NOW)
    assert (done.changes.added, done.changes.retired) == (("111",), ("110",))
    assert done.previous is not None and done.previous.number == "9.1"
    version, old, in_force = await usecases.entry(
        uow, POSITIONS, "110", number=None, on=date(2025, 3, 1)
    )
    assert (version.number, old.name, in_force) == ("9.1", "врач-терапевт участковый", True)
    version, _, _ = await usecases.entry(uow, POSITIONS, "111", number=None, on=date(2025, 7, 1))
    assert version.number == "9.2"


async def test_every_problem_of_a_version_is_named_at_once() -> None:
    rows = [
        {"ID": "1", "NAME": "Врачи"},
        {"ID": "1", "NAME": "дважды"},
        {"ID": "2", "PARENT": "99", "NAME": "сирота"},
    ]
    with pytest.raises(InvalidInputError) as caught:
        await usecases.load_version(
            FakeRegistryUnitOfWork(), read_file(rest_file(rows)), usecases.Given()
        )
    assert {(f.field, f.code) for f in caught.value.fields} == {
        ("entries[1].code", "duplicate"),
        ("entries[2].parent", "not_found"),
    }


async def test_what_the_file_does_not_say_is_asked_for_by_name() -> None:
    bare = '[{"ID": "1", "NAME": "Врачи"}]'.encode()
    with pytest.raises(InvalidInputError) as caught:
        await usecases.load_version(FakeRegistryUnitOfWork(), read_file(bare), usecases.Given())
    assert caught.value.fields[0].field == "oid"
    given = usecases.Given(oid=POSITIONS, number="1.0", published_on=date(2020, 1, 1), partial=True)
    done = await usecases.load_version(FakeRegistryUnitOfWork(), read_file(bare), given)
    assert done.version.partial and done.dictionary.name == POSITIONS


async def test_the_starter_set_loads_once_each_dictionary_marked_partial_with_its_source() -> None:
    uow = FakeRegistryUnitOfWork()
    assert await load_starter_set(lambda: uow) == len(starter_files()) == 13
    assert await load_starter_set(lambda: uow) == 0
    found = await usecases.dictionaries(uow, None, 100)
    assert all(d.versions[0].partial and d.source for d in found)
    regions = next(d for d in found if d.oid == "1.2.643.5.1.13.13.99.2.206")
    assert regions.versions[0].entries == 85
    _, moscow, _ = await usecases.entry(uow, regions.oid, "77", number=None, on=None)
    assert moscow.name == "Москва"


async def test_a_dictionary_with_an_official_version_gets_no_starter_beside_it() -> None:
    uow = FakeRegistryUnitOfWork()
    await usecases.load_version(uow, read_file(rest_file()), usecases.Given())
    await load_starter_set(lambda: uow)
    positions = await usecases.dictionary(uow, POSITIONS)
    assert [v.number for v in positions.versions] == ["9.1"]


def test_the_books_oids_are_the_starter_sets() -> None:
    shipped = {json.loads(content)["passport"]["oid"] for _, content in starter_files()}
    named = {
        coding.POSITIONS,
        coding.SPECIALITIES,
        coding.REGIONS,
        coding.IDENTITY_DOCUMENTS,
        coding.EDUCATION_LEVELS,
        coding.QUALIFICATION_CATEGORIES,
        coding.ORGANIZATION_TYPES,
        coding.BED_PROFILES,
        coding.EQUIPMENT_KINDS,
        coding.DISMISSAL_REASONS,
        coding.SUBDIVISION_KINDS,
        coding.INSTITUTION_TYPES,
        coding.CERTIFICATE_KINDS,
    }
    assert shipped == named


async def test_a_code_is_judged_by_the_latest_version_on_the_day_that_matters() -> None:
    uow = FakeRegistryUnitOfWork()
    rows = [*ROWS, {"ID": "7", "PARENT": "1", "NAME": "старый", "DATEEND": "31.12.2010"}]
    await usecases.load_version(uow, read_file(rest_file(rows)), usecases.Given())
    codes = CachedCodeBook(lambda: uow)
    found = await codes.code(POSITIONS, "109", field="position_code", on=date(2025, 3, 1))
    assert (found.code, found.name) == ("109", "врач-терапевт")
    old = await codes.code(POSITIONS, "7", field="position_code", on=date(2005, 1, 1))
    assert old.name == "старый"
    with pytest.raises(InvalidInputError) as retired:
        await codes.code(POSITIONS, "7", field="position_code", on=date(2011, 1, 1))
    with pytest.raises(InvalidInputError) as unknown:
        await codes.code(POSITIONS, "8", field="position_code", on=date(2011, 1, 1))
    with pytest.raises(InvalidInputError) as missing:
        await codes.code("1.2.3", "8", field="position_code", on=date(2011, 1, 1))
    assert [e.value.fields[0].code for e in (retired, unknown, missing)] == [
        "retired_code",
        "unknown_code",
        "book_missing",
    ]


def test_the_wire_names_the_same_books_as_the_registry() -> None:
    from egisz.contracts import registry as wire

    pairs = [
        (wire.POSITIONS, coding.POSITIONS),
        (wire.SPECIALITIES, coding.SPECIALITIES),
        (wire.REGIONS, coding.REGIONS),
        (wire.IDENTITY_DOCUMENTS, coding.IDENTITY_DOCUMENTS),
        (wire.DISMISSAL_REASONS, coding.DISMISSAL_REASONS),
        (wire.QUALIFICATION_CATEGORIES, coding.QUALIFICATION_CATEGORIES),
        (wire.ORGANIZATION_TYPES, coding.ORGANIZATION_TYPES),
        (wire.BED_PROFILES, coding.BED_PROFILES),
        (wire.EQUIPMENT_KINDS, coding.EQUIPMENT_KINDS),
        (wire.SUBDIVISION_KINDS, coding.SUBDIVISION_KINDS),
    ]
    assert [ours for ours, _ in pairs] == [theirs for _, theirs in pairs]
