"""Struct-of-arrays tables: growth keeps rows, compaction keeps order."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

from abm.core.state import VACANCY_COLUMNS, Table, add_at


def test_append_grows_and_keeps_rows():
    table = Table({"x": (np.int64, -1), "y": (np.float64, 0.5)}, capacity=16)
    first = table.append(10)
    table.x[first] = np.arange(10)
    second = table.append(100)
    assert len(table) == 110 and list(table.x[:10]) == list(range(10))
    assert (table.x[second] == -1).all() and (table.y == 0.5).all()


def test_keep_compacts_in_order_and_refills():
    table = Table(VACANCY_COLUMNS, capacity=16)
    rows = table.append(6)
    table.firm[rows] = [5, 4, 3, 2, 1, 0]
    table.keep(table.firm % 2 == 0)
    assert list(table.firm) == [4, 2, 0]
    assert (table.append(2) == slice(3, 5)) and list(table.firm[3:]) == [-1, -1]


def test_added_columns_grow_with_the_table_and_are_unique():
    table = Table({"x": (np.int8, 0)})
    table.add_column("course_end", np.int32, -1)
    table.append(40)
    assert len(table.course_end) == 40 and (table.course_end == -1).all()
    with pytest.raises(ValueError, match="exists"):
        table.add_column("course_end", np.int32, 0)
    with pytest.raises(AttributeError):
        table.missing  # noqa: B018
    for hidden in ("size", "keep", "_data"):
        with pytest.raises(ValueError, match="hide"):
            table.add_column(hidden, np.int32, 0)


def test_a_copied_or_pickled_table_writes_to_its_own_columns():
    table = Table({"x": (np.int64, 0)})
    table.append(5)
    for copied in (copy.deepcopy(table), pickle.loads(pickle.dumps(table))):
        copied.x[:] = 7
        copied.keep(np.arange(5) < 3)
        assert list(copied.x) == [7, 7, 7] and copied.x.base is copied._data["x"]
        assert list(table.x) == [0] * 5


def test_add_at_adds_once_per_row_repeats_included_in_the_columns_dtype():
    column = np.array([5, 5, 5], dtype=np.int32)
    add_at(column, np.array([0, 2, 2]), -1)
    add_at(column, np.array([], dtype=np.int64), 1)
    assert column.tolist() == [4, 5, 3] and column.dtype == np.int32
