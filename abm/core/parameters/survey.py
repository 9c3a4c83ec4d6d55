"""The survey definitions' parameters: thresholds, windows, sample (never fitted).

The definitions themselves are documented in :mod:`abm.core.metrics`.
"""

from __future__ import annotations

from pydantic import model_validator

from abm.core.parameters.base import Group, quantity


class Survey(Group):
    """Operational definitions of the HKPC survey questions (never fitted)."""

    difficulty_threshold_months: int = quantity(
        3,
        label="Months open that count as difficulty",
        unit="months",
        source="robert_half_time_to_hire",
        role="definition",
        ge=1,
        le=24,
        doc="A vacancy still unfilled after this many full months (matching rounds) stays open "
        "longer than the usual IT time to hire: one the firm has difficulty filling.",
    )
    vacancy_withdrawal_age_months: int = quantity(
        6,
        label="Age at which unfilled vacancies are withdrawn",
        unit="months",
        source="robert_half_time_to_hire",
        role="definition",
        ge=2,
        le=36,
        doc="An unfilled vacancy is withdrawn at this age: twice the usual IT time to hire.",
    )
    window_months: int = quantity(
        12,
        label="Survey look-back window",
        unit="months",
        source="hkpc_ai_study_2023",
        role="definition",
        ge=1,
        le=60,
        doc="Trailing window the survey questions look back over (the past year).",
    )
    expansion_horizon_months: int = quantity(
        12,
        label="Horizon of the expansion question",
        unit="months",
        source="hkpc_expansion_2023",
        role="definition",
        ge=1,
        le=60,
        doc="Horizon of the hiring plan behind the expansion question.",
    )
    sample_size: int = quantity(
        216,
        label="Firms in the survey sample",
        unit="firms",
        source="hkpc_ai_study_2023",
        role="fixed",
        ge=1,
        le=5000,
        doc="Firms in the HKPC sample; the sample216 column redraws a sample of this size.",
    )
    large_firm_weight: float = quantity(
        0.25,
        label="Weight of large firms in the survey",
        unit="share",
        source="hkpc_ai_study_2023",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Weight of large firms in the survey shares (25% large, 75% SMEs in the sample).",
    )

    @model_validator(mode="after")
    def _withdrawal_after_threshold(self) -> Survey:
        if self.vacancy_withdrawal_age_months <= self.difficulty_threshold_months:
            raise ValueError("vacancy_withdrawal_age_months must exceed difficulty_threshold_months")
        return self
