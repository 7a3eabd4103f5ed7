"""kpi.vocab is the one home of the domain's vocabularies: every other module points at it, and every
column the model computes is declared (stored in kpi.schema.FIELDS or derived in DERIVED_FIELDS)."""

from __future__ import annotations

import numpy as np
import pytest

import kpi
from kpi import exchange, fmt, metrics, schema, scope, status, vocab
from kpi import labels as kl
from kpi.exchange import vocab as xvocab


def test_schema_enums_are_the_vocabularies():
    f = schema.FIELDS
    assert f["stage"].enum == vocab.NOTE_STAGES
    assert f["firm_class"].enum == vocab.FIRM_CLASSES and f["category"].enum == vocab.CATEGORIES
    assert f["direction"].enum == vocab.DIRECTIONS and f["opinion_group"].enum == vocab.OPINION_GROUPS
    assert f["correction_kind"].enum == vocab.CORRECTION_KINDS
    assert not hasattr(schema, "MONEY_MEASURES")  # declared once, in kpi.vocab


def test_labels_cover_exactly_the_vocabularies():
    assert tuple(kl.STAGES) == vocab.NOTE_STAGES
    assert tuple(kl.MONEY_MEASURES) == vocab.MONEY_MEASURES
    assert tuple(kl.FIRM_CLASSES) == vocab.FIRM_CLASSES and tuple(kl.CATEGORIES) == vocab.CATEGORIES
    assert set(kl.MEASURE_PARTS) <= set(vocab.MONEY_MEASURES)
    assert set(xvocab.STAGE_LABELS) == set(vocab.NOTE_STAGES)


def test_measure_groups():
    assert vocab.MONEY_MEASURES == vocab.KEY_MEASURES + vocab.NONKEY_MEASURES
    assert "stated_change" in vocab.KEY_MEASURES and "stated_change" not in vocab.NONNEGATIVE_MEASURES
    assert vocab.SUMMED_MEASURES == ("budget", "settlement", "budget_next", "actual_spend", "outline_next")
    assert metrics.MONEY_COLUMNS is vocab.MONEY_COLUMNS
    assert all(col == f"{m}_kyen" for m, col in vocab.MONEY_COLUMNS.items())


def test_other_modules_reuse_the_vocabulary_objects():
    assert fmt.MONEY_UNITS is vocab.MONEY_UNITS and fmt.MONEY_DECIMALS is vocab.MONEY_DECIMALS
    assert exchange.KNOWN_UNITS is vocab.KNOWN_UNITS
    assert exchange.name_key is vocab.name_key
    assert vocab.MISSING_MARKS <= exchange.MISSING_MARKS  # the import accepts more dashes than the build
    assert list(vocab.MONEY_UNITS) == ["千円", "百万円", "億円"] and vocab.MONEY_UNITS[vocab.BASE_MONEY_UNIT] == 1
    assert set(vocab.MONEY_UNITS) == set(vocab.MONEY_UNITS_EN) == set(vocab.MONEY_DECIMALS)


def test_scale_outliers_are_declared_once_in_scope():
    assert tuple(scope.SCALE_OUTLIERS) == (scope.LOAN_FUND, scope.AIRBIC)
    assert scope.URL_KEYS == {"loan": scope.LOAN_FUND, "airbic": scope.AIRBIC}
    assert metrics.SCALE_OUTLIERS is scope.SCALE_OUTLIERS


@pytest.mark.parametrize("raw, key", [("A 事業", "A事業"), ("Ａ事業", "A事業"), ("起業化\u3000総合 支援事業", "起業化総合支援事業"),
                                      (12, "12")])
def test_name_key_folds_width_and_spaces(raw, key):
    assert vocab.name_key(raw) == key


def test_derived_fields_are_declared_apart_from_the_stored_ones():
    assert not set(schema.DERIVED_FIELDS) & set(schema.FIELDS)
    for f in schema.DERIVED_FIELDS.values():
        assert f.description and f.type is not None
    assert schema.DERIVED_FIELDS["status"].enum == tuple(s.key for s in status.STATUSES)
    assert schema.DERIVED_FIELDS["change_basis"].enum == ("budget", "actual")


@pytest.fixture(scope="module")
def report():
    return kpi.read_report()


def _declared(columns) -> set[str]:
    return set(columns) - set(schema.FIELDS) - set(schema.DERIVED_FIELDS)


def test_every_column_the_model_computes_is_declared(report):
    progs, ind = metrics.programs(report), metrics.indicators(report)
    assert _declared(progs.columns) == set()
    assert _declared(ind.columns) == set()
    assert _declared(metrics.missed_targets(report).columns) == set()
    assert _declared(metrics.procurement_share(report).columns) == set()
    assert set(progs["change_basis"]) <= set(schema.DERIVED_FIELDS["change_basis"].enum)
    assert set(ind["status"]) <= set(schema.DERIVED_FIELDS["status"].enum)


def test_one_threshold_rule_for_a_rate_and_for_target_and_actual():
    rates = np.array([np.nan, 0.0, 89.99, 90.0, 99.99, 100.0, 250.0])
    keys = status.status_keys(rates)
    assert keys.tolist() == ["not_evaluable", "missed", "missed", "near_miss", "near_miss", "achieved", "achieved"]
    assert [status.status_for(r).key for r in rates] == keys.tolist()
    assert status.status_for(None) is status.NOT_EVALUABLE
    assert metrics.status_key(np.full(len(rates), 100.0), rates).tolist()[1:] == keys.tolist()[1:]
    assert status.status_keys(np.array([85.0]), near_miss_pct=80.0).tolist() == ["near_miss"]
