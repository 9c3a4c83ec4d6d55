"""Month arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from abm.core.calendar import calendar_month, format_month, month_start, parse_month


def test_round_trip_and_arithmetic():
    assert format_month(parse_month("2023-06")) == "2023-06"
    assert parse_month("2024-01") - parse_month("2023-06") == 7
    assert month_start(parse_month("2035-12")) == dt.date(2035, 12, 1)
    assert calendar_month(parse_month("2023-09")) == 9
    assert parse_month(dt.date(2023, 6, 15)) == parse_month("2023-06")


@pytest.mark.parametrize("bad", ["2023-13", "2023-00", "23-06", "2023/06", "June 2023"])
def test_bad_months_are_refused(bad):
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month(bad)
