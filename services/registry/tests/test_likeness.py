"""Which names with one birth date are likely one person, measured on generated typos (issue 34:
at least 95% of one-letter typos and ending swaps caught, at most 1% false flags among distinct
people sharing a birth date) and shown on seed 002's own examples."""

from __future__ import annotations

import random

import pytest

from egisz.registry.domain.people import FullName
from egisz.registry.frmr.domain.likeness import likeness

SURNAMES = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
    "Ильин",
    "Максимов",
    "Поляков",
    "Сорокин",
    "Виноградов",
    "Ковалёв",
    "Белов",
    "Медведев",
    "Антонов",
    "Тарасов",
    "Жуков",
    "Баранов",
    "Филиппов",
    "Комаров",
    "Давыдов",
    "Беляев",
    "Герасимов",
    "Богданов",
    "Осипов",
    "Сидоров",
    "Матвеев",
    "Титов",
    "Марков",
    "Миронов",
    "Крылов",
]
MEN = [
    "Александр",
    "Алексей",
    "Андрей",
    "Антон",
    "Артём",
    "Борис",
    "Вадим",
    "Виктор",
    "Владимир",
    "Дмитрий",
    "Евгений",
    "Иван",
    "Игорь",
    "Кирилл",
    "Максим",
    "Михаил",
    "Никита",
    "Николай",
    "Олег",
    "Павел",
    "Пётр",
    "Роман",
    "Сергей",
    "Юрий",
]
WOMEN = [
    "Анна",
    "Алина",
    "Алёна",
    "Валентина",
    "Вера",
    "Галина",
    "Дарья",
    "Екатерина",
    "Елена",
    "Ирина",
    "Ксения",
    "Людмила",
    "Марина",
    "Мария",
    "Наталья",
    "Нина",
    "Ольга",
    "Полина",
    "Светлана",
    "София",
    "Татьяна",
    "Юлия",
    "Яна",
]
FATHERS = [
    "Александров",
    "Алексеев",
    "Андреев",
    "Борисов",
    "Викторов",
    "Владимиров",
    "Дмитриев",
    "Евгеньев",
    "Иванов",
    "Игорев",
    "Михайлов",
    "Николаев",
    "Олегов",
    "Павлов",
    "Петров",
    "Сергеев",
    "Юрьев",
]
LETTERS = "абвгдежзийклмнопрстуфхцчшщыэюя"


def person(rng: random.Random) -> FullName:
    woman = rng.random() < 0.5
    last = rng.choice(SURNAMES) + ("а" if woman else "")
    first = rng.choice(WOMEN if woman else MEN)
    father = rng.choice(FATHERS)
    return FullName(last, first, father + ("на" if woman else "ич"))


def typo(rng: random.Random, word: str) -> str:
    """One letter wrong, missing, extra, or two swapped."""
    i = rng.randrange(1, len(word))  # a first letter is rarely mistyped
    kind = rng.choice(("wrong", "missing", "extra", "swapped"))
    if kind == "wrong":
        return word[:i] + rng.choice(LETTERS) + word[i + 1 :]
    if kind == "missing":
        return word[:i] + word[i + 1 :]
    if kind == "extra":
        return word[:i] + rng.choice(LETTERS) + word[i:]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def mistaken(rng: random.Random, p: FullName) -> FullName:
    """What an officer might type for `p`: a typo in one part, a gendered ending swapped, «ё» as
    «е», or the patronymic left out."""
    kind = rng.choice(("last", "first", "middle", "ending", "yo", "no patronymic"))
    if kind == "last":
        return FullName(typo(rng, p.last), p.first, p.middle)
    if kind == "first":
        return FullName(p.last, typo(rng, p.first), p.middle)
    if kind == "middle":
        return FullName(p.last, p.first, typo(rng, p.middle or "Иванович"))
    if kind == "ending":
        last = p.last[:-1] if p.last.endswith("а") else p.last + "а"
        return FullName(last, p.first, p.middle)
    if kind == "yo":
        return FullName(p.last.replace("ё", "е"), p.first.replace("ё", "е"), p.middle)
    return FullName(p.last, p.first, None)


def test_typos_and_ending_swaps_are_caught() -> None:
    rng = random.Random(34)
    people = [person(rng) for _ in range(5_000)]
    caught = sum(likeness(mistaken(rng, p), p) is not None for p in people)
    rate = caught / len(people)
    print(f"typos caught: {caught} of {len(people)} ({rate:.1%})")
    assert rate >= 0.95


def test_distinct_people_born_on_one_day_are_rarely_flagged() -> None:
    rng = random.Random(35)
    pairs = [(person(rng), person(rng)) for _ in range(20_000)]
    distinct = [(a, b) for a, b in pairs if a != b]
    flagged = sum(likeness(a, b) is not None for a, b in distinct)
    rate = flagged / len(distinct)
    print(f"false flags: {flagged} of {len(distinct)} ({rate:.2%})")
    assert rate <= 0.01


@pytest.mark.parametrize(
    ("new", "known"),
    [
        (("Семенова", "Анна", "Петровна"), ("Семёнова", "Анна", "Петровна")),
        (("Семенова", "Анна", None), ("Семёнова", "Анна", "Петровна")),
        (("Семенова", "Ана", "Петровна"), ("Семёнова", "Анна", "Петровна")),
        (("Семёнов", "Анна", "Петровна"), ("Семёнова", "Анна", "Петровна")),
        (("Semenova", "Anna", "Petrovna"), ("Семёнова", "Анна", "Петровна")),
        (("Иванов", "Иван", "Иванович"), ("Иванова", "Иван", "Иванович")),  # seed 002
    ],
)
def test_the_seeds_near_duplicates_are_one_person_and_say_why(
    new: tuple[str, str, str | None], known: tuple[str, str, str | None]
) -> None:
    found = likeness(FullName(*new), FullName(*known))
    assert found is not None
    assert found.reason.startswith("Совпад")


@pytest.mark.parametrize(
    ("new", "known"),
    [
        (("Иванов", "Евгений", "Петрович"), ("Иванова", "Евгения", "Петровна")),  # twins
        (("Петров", "Иван", "Иванович"), ("Сидоров", "Иван", "Иванович")),
        (("Ким", "Ян", None), ("Ли", "Ян", None)),
    ],
)
def test_other_people_are_not_flagged(
    new: tuple[str, str, str | None], known: tuple[str, str, str | None]
) -> None:
    assert likeness(FullName(*new), FullName(*known)) is None


def twin(p: FullName, surname: str, father: str) -> FullName:
    """`p`'s first name and sex with the family's surname and patronymic."""
    woman = p.middle is not None and p.middle.endswith("на")
    return FullName(surname + ("а" if woman else ""), p.first, father + ("на" if woman else "ич"))


def test_twins_are_not_taken_for_one_person() -> None:
    """The hardest distinct people: one surname, one father, one birth date, their own names
    (one letter apart, as Алина and Алёна, they go to review: the officer tells them apart)."""
    rng = random.Random(36)
    pairs = []
    for _ in range(5_000):
        a, b = person(rng), person(rng)
        surname, father = a.last.removesuffix("а"), (a.middle or "Иванович")[:-2]
        twins = (twin(a, surname, father), twin(b, surname, father))
        if twins[0].first != twins[1].first:
            pairs.append(twins)
    flagged = [(a, b) for a, b in pairs if likeness(a, b) is not None]
    rate = len(flagged) / len(pairs)
    print(f"twins flagged: {len(flagged)} of {len(pairs)} ({rate:.2%}): {flagged[:2]}")
    assert rate <= 0.01
