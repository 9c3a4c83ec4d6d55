"""The matching kernel against its plain-Python reference, and its economics."""

from __future__ import annotations

import copy

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abm.core.kernels import matching, reference
from abm.core.kernels.matching import draw_weights, match

pytestmark = pytest.mark.kernel
"""Kernel tests also run with NUMBA_DISABLE_JIT=1 (tests/run.sh), so coverage sees the kernel bodies."""

N_SPEC = 4
KNOBS = dict(
    n_specialisations=N_SPEC,
    own_share=0.7,
    skill_slack=0.1,
    cross_penalty=0.25,
    max_applications=3,
    n_rounds=4,
)


def market(rng, n_seekers, n_vacancies, applications=5, tied=False, elasticity=2.0, n_firms=5):
    """A random market, ``applications`` views per seeker; seekers are unemployed (-1) or employed at
    one of ``n_firms`` firms, a few firms so that seekers often view their own employer's vacancies."""
    wage = np.full(n_vacancies, 30000.0) if tied else rng.uniform(18000, 60000, n_vacancies)
    return dict(
        seeker_specialisation=rng.integers(0, N_SPEC, n_seekers),
        seeker_skill=np.full(n_seekers, 0.5) if tied else rng.random(n_seekers),
        seeker_reservation=rng.uniform(15000, 40000, n_seekers),
        seeker_employer=rng.integers(-1, n_firms, n_seekers),
        vacancy_specialisation=rng.integers(0, N_SPEC, n_vacancies),
        vacancy_required_skill=np.full(n_vacancies, 0.4) if tied else rng.random(n_vacancies),
        vacancy_wage=wage,
        vacancy_firm=rng.integers(0, n_firms, n_vacancies),
        vacancy_first_round=rng.integers(0, 4, n_vacancies),
        vacancy_weight=draw_weights(wage, elasticity),
        draws=np.random.default_rng(int(rng.integers(2**32))),
        n_viewed=applications,
    )


def uniforms(inputs, max_applications, pass_rate=1.0):
    """The views' and the screenings' uniforms the kernel takes from ``inputs["draws"]``, drawn as
    arrays (from a copy), as the reference takes them; and the copy, moved past them."""
    drawn, n_seekers = copy.deepcopy(inputs["draws"]), len(inputs["seeker_skill"])
    views = drawn.random((n_seekers, inputs["n_viewed"]))
    screen = drawn.random((n_seekers, max_applications)) if pass_rate < 1 else None
    return views, screen, drawn


def assert_same(inputs, **knobs):
    """The kernel (on a copy of the inputs' generator) equals the reference on the uniforms the
    generator gives as arrays, and leaves its generator where drawing those arrays would."""
    knobs = KNOBS | knobs
    views, screen, drawn = uniforms(inputs, knobs["max_applications"], knobs.get("pass_rate", 1.0))
    draws = copy.deepcopy(inputs["draws"])
    got = match(**(inputs | {"draws": draws}), **knobs)
    arrays = {name: value for name, value in inputs.items() if name not in ("draws", "n_viewed")}
    want = reference.match(**arrays, u=views, screen=screen, **knobs)
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)
    assert draws.random() == drawn.random()
    return got


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("sizes", [(200, 50), (50, 200), (1000, 1000), (0, 10), (10, 0), (0, 0)])
def test_kernel_equals_reference_on_seeded_markets(seed, sizes):
    assert_same(market(np.random.default_rng(seed), *sizes))


@given(
    seed=st.integers(0, 2**32 - 1),
    n_seekers=st.integers(0, 40),
    n_vacancies=st.integers(0, 40),
    applications=st.integers(1, 6),
    max_applications=st.integers(1, 6),
    rounds=st.integers(1, 5),
    tied=st.booleans(),
    own_share=st.floats(0, 1),
    elasticity=st.floats(0, 5),
    slack=st.floats(0, 1),
)
@settings(max_examples=150, deadline=None)
def test_kernel_equals_reference_on_generated_markets(
    seed, n_seekers, n_vacancies, applications, max_applications, rounds, tied, own_share, elasticity, slack
):
    inputs = market(np.random.default_rng(seed), n_seekers, n_vacancies, applications, tied, elasticity)
    assert_same(inputs, own_share=own_share, skill_slack=slack, max_applications=max_applications, n_rounds=rounds)


@given(
    seed=st.integers(0, 2**32 - 1),
    n_seekers=st.integers(0, 40),
    n_vacancies=st.integers(0, 40),
    max_applications=st.integers(1, 6),
    pass_rate=st.floats(0.01, 1),
)
@settings(max_examples=100, deadline=None)
def test_kernel_equals_reference_with_screening(seed, n_seekers, n_vacancies, max_applications, pass_rate):
    inputs = market(np.random.default_rng(seed), n_seekers, n_vacancies, applications=8)
    assert_same(inputs, max_applications=max_applications, pass_rate=pass_rate)


def test_screening_keeps_the_applications_and_removes_the_unsuitable():
    inputs = market(np.random.default_rng(12), 600, 300)
    everyone = assert_same(inputs)  # a pass rate of 1 keeps every applicant who meets the skill bar
    hires = [int((everyone[0] >= 0).sum())]
    for pass_rate in (0.5, 0.1):
        seeker_vacancy, _, _, received = assert_same(inputs, pass_rate=pass_rate)
        np.testing.assert_array_equal(received, everyone[3])  # screening comes after applying
        hires.append(int((seeker_vacancy >= 0).sum()))
    assert hires[0] > hires[1] > hires[2] > 0
    with pytest.raises(ValueError, match="pass_rate"):
        match(**inputs, **(KNOBS | {"pass_rate": 0.0}))


@given(seed=st.integers(0, 2**32 - 1), n_seekers=st.integers(0, 60), n_vacancies=st.integers(0, 60))
@settings(max_examples=100, deadline=None)
def test_matches_are_one_to_one_and_acceptable(seed, n_seekers, n_vacancies):
    inputs = market(np.random.default_rng(seed), n_seekers, n_vacancies)
    seeker_vacancy, seeker_round, vacancy_seeker, received = match(**inputs, **KNOBS)
    matched = seeker_vacancy[seeker_vacancy >= 0]
    assert len(np.unique(matched)) == len(matched)  # no vacancy filled twice
    assert ((seeker_round >= 0) == (seeker_vacancy >= 0)).all()
    for s, v in enumerate(seeker_vacancy):
        if v >= 0:
            assert vacancy_seeker[v] == s
            assert inputs["vacancy_wage"][v] >= inputs["seeker_reservation"][s]
            assert received[v] >= 1
            assert inputs["vacancy_first_round"][v] <= seeker_round[s] < KNOBS["n_rounds"]
    assert (vacancy_seeker >= 0).sum() == len(matched)
    assert received.sum() <= n_seekers * KNOBS["max_applications"]


def test_ties_go_to_the_lower_seeker_and_vacancy():
    # two identical seekers apply to the same single vacancy: the first one gets it
    inputs = dict(
        seeker_specialisation=np.array([1, 1]), seeker_skill=np.array([0.5, 0.5]),
        seeker_reservation=np.array([20000.0, 20000.0]), seeker_employer=np.array([-1, -1]),
        vacancy_specialisation=np.array([1]), vacancy_firm=np.zeros(1, dtype=np.int64),
        vacancy_required_skill=np.array([0.5]), vacancy_wage=np.array([30000.0]),
        vacancy_first_round=np.zeros(1, dtype=np.int64), vacancy_weight=np.ones(1),
        draws=np.random.default_rng(0), n_viewed=1,
    )  # fmt: skip
    seeker_vacancy, _, vacancy_seeker, _ = assert_same(inputs)
    assert list(seeker_vacancy) == [0, -1] and list(vacancy_seeker) == [0]
    # one seeker offered by two equal-wage vacancies (it views both) accepts the lower position
    inputs = dict(
        seeker_specialisation=np.array([2]), seeker_skill=np.array([0.9]),
        seeker_reservation=np.array([20000.0]), seeker_employer=np.array([-1]),
        vacancy_specialisation=np.array([2, 2]), vacancy_firm=np.zeros(2, dtype=np.int64),
        vacancy_required_skill=np.array([0.5, 0.5]), vacancy_wage=np.array([30000.0, 30000.0]),
        vacancy_first_round=np.zeros(2, dtype=np.int64), vacancy_weight=np.ones(2),
        draws=np.random.default_rng(0), n_viewed=20,
    )  # fmt: skip
    seeker_vacancy, _, _, received = assert_same(inputs, max_applications=20)
    assert received.sum() == 20 and received.min() > 0 and list(seeker_vacancy) == [0]


def test_higher_wage_draws_more_applications():
    rng = np.random.default_rng(3)
    inputs = market(rng, 5000, 2)
    inputs["vacancy_specialisation"] = np.array([0, 0])
    inputs["vacancy_wage"] = np.array([30000.0, 45000.0])
    inputs["vacancy_weight"] = draw_weights(inputs["vacancy_wage"], 2.0)
    inputs["seeker_reservation"] = np.zeros(5000)
    _, _, _, received = match(**inputs, **KNOBS)
    assert received[1] > 1.5 * received[0]


def test_seekers_do_not_apply_beyond_their_skill():
    inputs = market(np.random.default_rng(6), 200, 50)
    inputs["seeker_skill"] = np.full(200, 0.2)
    inputs["vacancy_required_skill"] = np.full(50, 0.31)  # above 0.2 + slack 0.1
    inputs["seeker_reservation"] = np.zeros(200)
    _, _, _, received = match(**inputs, **KNOBS)
    assert received.sum() == 0


def test_seekers_do_not_apply_to_their_own_employer():
    """A vacancy at the seeker's own employer is viewed but not applied to: a move within the firm
    is not a job change. Everyone employed at firm 0, which posts half the vacancies."""
    inputs = market(np.random.default_rng(8), 300, 40)
    inputs["seeker_reservation"] = np.zeros(300)
    inputs["vacancy_required_skill"] = np.zeros(40)
    inputs["vacancy_firm"] = np.arange(40) % 2
    mixed = match(**inputs, **(KNOBS | {"max_applications": 5}))  # seekers at firms 0-4 or none
    assert mixed[3][::2].sum() > 0
    inputs["seeker_employer"] = np.zeros(300, dtype=np.int64)
    seeker_vacancy, _, _, received = assert_same(inputs, max_applications=5)
    assert received[::2].sum() == 0 and received[1::2].sum() > 0
    assert (inputs["vacancy_firm"][seeker_vacancy[seeker_vacancy >= 0]] == 1).all()


def test_reservation_wage_blocks_applications():
    inputs = market(np.random.default_rng(4), 100, 20)
    inputs["seeker_reservation"] = np.full(100, 1e9)
    seeker_vacancy, _, _, received = match(**inputs, **KNOBS)
    assert received.sum() == 0 and (seeker_vacancy == -1).all()


def test_adapter_rejects_bad_inputs():
    inputs = market(np.random.default_rng(5), 10, 10)
    with pytest.raises(ValueError, match="n_viewed"):
        match(**(inputs | {"n_viewed": 0}), **KNOBS)
    with pytest.raises(ValueError, match="PCG64"):
        match(**(inputs | {"draws": np.random.Generator(np.random.MT19937(0))}), **KNOBS)
    with pytest.raises(ValueError, match="specialisation"):
        match(**(inputs | {"seeker_specialisation": np.full(10, 7)}), **KNOBS)
    with pytest.raises(ValueError, match="max_applications"):
        match(**inputs, **(KNOBS | {"max_applications": 0}))
    with pytest.raises(ValueError, match="n_rounds"):
        match(**inputs, **(KNOBS | {"n_rounds": 0}))
    with pytest.raises(ValueError, match="positive"):
        match(**(inputs | {"vacancy_wage": np.zeros(10)}), **KNOBS)
    with pytest.raises(ValueError, match="vacancy_weight"):
        match(**(inputs | {"vacancy_weight": np.zeros(10)}), **KNOBS)
    with pytest.raises(ValueError, match="vacancy_firm"):
        match(**(inputs | {"vacancy_firm": np.zeros(9, dtype=np.int64)}), **KNOBS)
    with pytest.raises(ValueError, match="seeker_employer"):
        match(**(inputs | {"seeker_employer": np.zeros(9, dtype=np.int64)}), **KNOBS)


def two_seekers_three_vacancies(first_round=(0, 0, 0)):
    """Seeker 0 is everyone's first choice; vacancy 0 pays best; seeker 1 is not skilled enough for
    vacancy 0 (0.6 + slack 0.1 < 0.75). Each views 30 times and applies to every vacancy it views,
    so each applies to all it can (a vacancy missed in 30 views has probability (2/3)**30)."""
    return dict(
        seeker_specialisation=np.array([1, 1]), seeker_skill=np.array([0.9, 0.6]),
        seeker_reservation=np.array([20000.0, 20000.0]), seeker_employer=np.array([-1, -1]),
        vacancy_specialisation=np.array([1, 1, 1]), vacancy_firm=np.zeros(3, dtype=np.int64),
        vacancy_required_skill=np.array([0.75, 0.5, 0.5]), vacancy_wage=np.array([40000.0, 30000.0, 30000.0]),
        vacancy_first_round=np.array(first_round), vacancy_weight=np.ones(3),
        draws=np.random.default_rng(1), n_viewed=30,
    )  # fmt: skip


def test_a_vacancy_whose_applicant_went_elsewhere_offers_to_the_next_one_in_the_next_round():
    inputs = two_seekers_three_vacancies()
    seeker_vacancy, seeker_round, vacancy_seeker, _ = assert_same(inputs, n_rounds=2, max_applications=30)
    assert list(seeker_vacancy) == [0, 1] and list(seeker_round) == [0, 1]
    assert list(vacancy_seeker) == [0, 1, -1]
    seeker_vacancy, _, vacancy_seeker, _ = assert_same(inputs, n_rounds=1, max_applications=30)  # the offers crowd
    assert list(seeker_vacancy) == [0, -1] and list(vacancy_seeker) == [0, -1, -1]


def test_a_vacancy_posted_late_in_the_month_offers_only_from_its_first_round():
    inputs = two_seekers_three_vacancies((3, 0, 0))
    seeker_vacancy, seeker_round, _, _ = assert_same(inputs, n_rounds=4, max_applications=30)
    assert list(seeker_vacancy) == [1, 2] and list(seeker_round) == [0, 1]


def test_hires_respond_to_the_number_of_seekers():
    rng = np.random.default_rng(11)
    hires = []
    for n_seekers in (100, 200, 400):
        inputs = market(rng, n_seekers, 400)
        inputs["vacancy_first_round"] = np.zeros(400, dtype=np.int64)
        hires.append(int((match(**inputs, **KNOBS)[0] >= 0).sum()))
    assert hires[0] < hires[1] < hires[2]


def test_the_matches_do_not_depend_on_the_number_of_threads():
    """Seekers run in parallel blocks, each computing its own part of the stream."""
    inputs = market(np.random.default_rng(13), 3000, 700)
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = match(**(inputs | {"draws": copy.deepcopy(inputs["draws"])}), **(KNOBS | {"pass_rate": 0.4}))
    finally:
        numba.set_num_threads(threads)
    for alone, together in zip(one, assert_same(inputs, pass_rate=0.4)):
        np.testing.assert_array_equal(alone, together)
    assert matching.BLOCKS < 3000  # more seekers than blocks: blocks of several seekers
