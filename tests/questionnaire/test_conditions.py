"""Conditions decide what a patient sees and which flags a nurse gets.

Property tests check the evaluator against plain Python logic on random answers.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from intake_app.questionnaire.conditions import AnswerScope, evaluate, holds
from intake_app.questionnaire.model import AllOf, AnswerTest, AnyOf

SEXES = ["female", "male"]
SYMPTOMS = ["swelling", "locking", "none"]
JOINT_ANSWERS = ["knee:left", "knee:right", "hip:left", "hip:right"]

answers_strategy = st.fixed_dictionaries(
    {},
    optional={
        "pain_now": st.integers(0, 10),
        "sex": st.sampled_from(SEXES),
        "symptoms": st.lists(st.sampled_from(SYMPTOMS), min_size=1, max_size=3, unique=True),
        "target_joints": st.lists(
            st.sampled_from(JOINT_ANSWERS), min_size=1, max_size=4, unique=True
        ),
        "name": st.text(max_size=20),
        "had_injections": st.booleans(),
    },
)

leaf_strategy = st.one_of(
    st.builds(
        AnswerTest,
        item=st.just("pain_now"),
        operator=st.sampled_from(["equals", "not_equals", "greater", "less", "exists"]),
        value=st.integers(0, 10),
    ),
    st.builds(
        AnswerTest,
        item=st.just("sex"),
        operator=st.sampled_from(["equals", "not_equals"]),
        value=st.sampled_from(SEXES),
    ),
    st.builds(
        AnswerTest,
        item=st.just("symptoms"),
        operator=st.just("includes"),
        value=st.sampled_from(SYMPTOMS),
    ),
    st.builds(
        AnswerTest, item=st.just("had_injections"), operator=st.just("equals"), value=st.booleans()
    ),
)


def scope(form, answers):
    return AnswerScope(form, answers, {})


def expected(test: AnswerTest, answers: dict) -> bool:
    """The same test written as plain Python, one operator at a time."""
    if test.item not in answers:
        return test.operator == "exists" and test.value is False
    answer = answers[test.item]
    values = answer if isinstance(answer, list) else [answer]
    match test.operator:
        case "exists":
            return test.value is not False
        case "equals":
            return any(v == test.value and type(v) is type(test.value) for v in values)
        case "not_equals":
            return all(v != test.value for v in values)
        case "greater":
            return values[0] > test.value
        case "less":
            return values[0] < test.value
        case "includes":
            return test.value in values
    raise AssertionError(test.operator)


@given(answers=answers_strategy, test=leaf_strategy)
def test_a_single_test_agrees_with_plain_python(mini_form, answers, test):
    assert holds(test, scope(mini_form, answers)) == expected(test, answers)


@given(answers=answers_strategy, tests=st.lists(leaf_strategy, min_size=1, max_size=4))
def test_all_and_any_combine_like_and_and_or(mini_form, answers, tests):
    results = [expected(t, answers) for t in tests]
    assert holds(AllOf(all=tests), scope(mini_form, answers)) == all(results)
    assert holds(AnyOf(any=tests), scope(mini_form, answers)) == any(results)


@given(answers=answers_strategy, tests=st.lists(leaf_strategy, min_size=1, max_size=3))
def test_nested_groups_evaluate_like_nested_logic(mini_form, answers, tests):
    nested = AnyOf(any=[AllOf(all=tests), AnyOf(any=tests[:1])])
    results = [expected(t, answers) for t in tests]
    assert holds(nested, scope(mini_form, answers)) == (all(results) or results[0])


@given(answers=answers_strategy, test=leaf_strategy)
def test_a_true_outcome_names_its_triggering_item_and_a_false_one_names_none(
    mini_form, answers, test
):
    outcome = evaluate(test, scope(mini_form, answers))
    assert outcome.triggers == ((test.item,) if outcome.holds else ())


@given(answers=answers_strategy)
def test_exists_true_and_exists_false_are_opposites(mini_form, answers):
    present = AnswerTest(item="pain_now", operator="exists", value=True)
    absent = AnswerTest(item="pain_now", operator="exists", value=False)
    assert holds(present, scope(mini_form, answers)) != holds(absent, scope(mini_form, answers))


@given(joints=st.lists(st.sampled_from(JOINT_ANSWERS), min_size=1, unique=True))
def test_a_joint_name_matches_either_side_and_joint_side_matches_one(mini_form, joints):
    answers = {"target_joints": joints}
    any_knee = AnswerTest(item="target_joints", operator="includes", value="knee")
    left_knee = AnswerTest(item="target_joints", operator="includes", value="knee:left")
    assert holds(any_knee, scope(mini_form, answers)) == any(j.startswith("knee:") for j in joints)
    assert holds(left_knee, scope(mini_form, answers)) == ("knee:left" in joints)


def test_text_includes_ignores_case(mini_form):
    test = AnswerTest(item="name", operator="includes", value="warfarin")
    assert holds(test, scope(mini_form, {"name": "Takes WARFARIN daily"}))
    assert not holds(test, scope(mini_form, {"name": "aspirin"}))


def test_no_answer_makes_a_comparison_false_even_not_equals(mini_form):
    # An unanswered question must not switch on questions that depend on a "no".
    for operator in ("equals", "not_equals", "greater", "less"):
        test = AnswerTest(item="pain_now", operator=operator, value=5)
        assert not holds(test, scope(mini_form, {}))


def test_group_child_reference_holds_when_any_row_matches(mini_form):
    rows = [{"kind": "other"}, {"kind": "steroid"}]
    test = AnswerTest(item="injections.kind", operator="equals", value="steroid")
    assert holds(test, scope(mini_form, {"injections": rows}))
    assert not holds(test, scope(mini_form, {"injections": rows[:1]}))


def test_calculated_values_can_be_tested(mini_form):
    test = AnswerTest(item="bmi", operator="greater", value=30)
    assert holds(test, AnswerScope(mini_form, {}, {"bmi": 31.2}))
    assert not holds(test, AnswerScope(mini_form, {}, {"bmi": None}))


def test_dates_compare_as_dates(mini_form):
    import datetime as dt

    test = AnswerTest(item="date_of_birth", operator="less", value=dt.date(1960, 1, 1))
    assert holds(test, scope(mini_form, {"date_of_birth": "1959-12-31"}))
    assert not holds(test, scope(mini_form, {"date_of_birth": "1960-01-01"}))
