"""Validation of the calibrated baseline: the numbers and figures behind docs/validation.md.

Read top to bottom; run ``.venv/bin/python experiments/validation.py [--seeds 10] [--scale 1.0]``
(it needs the ``report`` extra for its figures). On seeds calibration never used it reports the
fit to every calibration target, then checks facts and regularities the model was not fitted to,
or was fitted to only in part:

1. visa renewal: of an arrival cohort, who applies to extend after the first term, who is
   approved, who stays, and what extenders earn;
2. pay that can fall: a sustained demand slump lowers pay; after a temporary slump or boom, pay
   and difficulty return toward the paired baseline;
3. a frictional floor under unemployment in a sustained boom;
4. a matching function estimated on hires from unemployment across demand shocks;
5. job endings and job-to-job moves; the distribution of time to fill in days;
6. firms entering and exiting; the Beveridge curve; the entry-level driver.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from abm.calibration.evaluate import ensemble
from abm.calibration.targets import load_targets, survey_target
from abm.core.calendar import DAYS_PER_MONTH, parse_month
from abm.core.state import Status, VacancyState
from abm.runs import build_model
from abm.runs.scenarios import build_scenario
from abm.runs.simulation import RunSpec, run

DOCS = Path(__file__).resolve().parent.parent / "docs"
IMAGES = DOCS / "img"
TEMPORARY = {"enabled": True, "start": "2025-01", "end": "2027-12", "ramp_months": 6}
SUSTAINED = {"enabled": True, "start": "2025-01", "ramp_months": 6}
SHOCKS = {
    "baseline": {},
    "slump -20% 2025-27": {"macro_shock": TEMPORARY | {"demand_change": -0.2}},
    "boom +20% 2025-27": {"macro_shock": TEMPORARY | {"demand_change": 0.2}},
    "slump -20% from 2025": {"macro_shock": SUSTAINED | {"demand_change": -0.2}},
    "boom +50% from 2025": {"macro_shock": SUSTAINED | {"demand_change": 0.5}},
    "slump -10% 2025-27": {"macro_shock": TEMPORARY | {"demand_change": -0.1}},
    "boom +10% 2025-27": {"macro_shock": TEMPORARY | {"demand_change": 0.1}},
    "entry-level driver": {"entry_level_shift": {"enabled": True}},
}
"""The driver cases, each run on the same seeds (paired with the baseline)."""
COMPOSITION_DATES = ("2024-06", "2030-06", "2035-06")
"""Months at which the unemployed are compared with the hired (:func:`unemployed_against_hired`)."""


def fit_to_targets(seeds: list[int], scale: float) -> pd.DataFrame:
    """Every target against the model's mean and 90% range over fresh seeds."""
    metrics = ensemble({}, seeds, scale)
    rows = []
    for target in load_targets():
        values = metrics[target.name]
        rows.append({"target": target.name, "kind": target.kind, "figure": target.value,
                     "tolerance": target.tolerance, "model_mean": values.mean(), "model_sd": values.std(ddof=1),
                     "p05": values.quantile(0.05), "p95": values.quantile(0.95)})  # fmt: skip
    return pd.DataFrame(rows)


def driver_runs(seeds: list[int], scale: float) -> pd.DataFrame:
    """Every case of :data:`SHOCKS` on every seed, with a ``case`` column."""
    frames = []
    for number, (case, drivers) in enumerate(SHOCKS.items()):
        scenario = build_scenario({"name": f"case{number}", "drivers": drivers})
        for seed in seeds:
            frames.append(run(RunSpec(scenario, seed=seed, scale=scale)).assign(case=case))
    return pd.concat(frames, ignore_index=True)


def paired_gaps(runs: pd.DataFrame, date: str) -> dict[str, dict[str, float]]:
    """At ``date``, each case minus the baseline of the same seed: pay level (log points) and difficulty."""
    at = runs[runs["date"] == pd.Timestamp(date)].set_index(["case", "seed"])
    base = at.loc["baseline"]
    gaps = {}
    for case in SHOCKS:
        if case == "baseline":
            continue
        mine = at.loc[case]
        gaps[case] = {
            "pay_level_log_points": float(np.log(mine["market_pay_level"] / base["market_pay_level"]).mean()),
            "difficulty_points": float(100 * (mine["difficulty_share"] - base["difficulty_share"]).mean()),
            "unemployment_points": float(100 * (mine["unemployment_rate"] - base["unemployment_rate"]).mean()),
        }
    return gaps


def _ols(data: pd.DataFrame, regressors: list[str]) -> tuple[np.ndarray, np.ndarray, float]:
    """OLS of log hires from unemployment on the logs of ``regressors`` with calendar-month dummies:
    the coefficients (intercept first), their standard errors and R²."""
    y = np.log(data["hires_from_unemployment"])
    months = pd.get_dummies(data["date"].dt.month, drop_first=True, dtype=float).to_numpy()
    design = np.column_stack([np.ones(len(data)), *(np.log(data[r]) for r in regressors), months])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ coef
    covariance = residual.var(ddof=design.shape[1]) * np.linalg.inv(design.T @ design)
    return coef, np.sqrt(np.diag(covariance)), float(1 - residual.var() / y.var())


def matching_function(runs: pd.DataFrame, cases: list[str]) -> dict[str, float]:
    """OLS of log hires from unemployment on log unemployed and log vacancies at the end of the
    previous month, with calendar-month dummies (graduation in July, intake in September), over
    every month from 2023 of the given cases and seeds; and the monthly job-finding rate (hires
    from unemployment over the previous month's unemployed).

    The same on the month's pool of unemployed seekers instead of the previous month's stock:
    the stock plus the month's entrants (graduates, arrivals, reskilled workers and career
    switchers search from the month they enter; those who lose a job this month search from the
    next), which undoes the time aggregation of a monthly stock."""
    data = runs[runs["case"].isin(cases)].sort_values(["case", "seed", "month"]).copy()
    grouped = data.groupby(["case", "seed"])
    data["u_lag"] = grouped["unemployed"].shift(1)
    data["v_lag"] = grouped["vacancies"].shift(1)
    data["pool"] = data["u_lag"] + data["entrants"]
    data = data.dropna(subset=["u_lag", "v_lag"])
    data = data[(data["hires_from_unemployment"] > 0) & (data["u_lag"] > 0) & (data["v_lag"] > 0)]
    coef, standard_errors, r2 = _ols(data, ["u_lag", "v_lag"])
    on_pool, on_pool_se, on_pool_r2 = _ols(data, ["pool", "v_lag"])
    return {
        "cases": cases,
        "months": f"{data['date'].min():%Y-%m} to {data['date'].max():%Y-%m}",
        "observations": len(data),
        "calendar_month_dummies": True,
        "elasticity_unemployed": coef[1],
        "elasticity_unemployed_se": standard_errors[1],
        "elasticity_vacancies": coef[2],
        "elasticity_vacancies_se": standard_errors[2],
        "returns_to_scale": coef[1] + coef[2],
        "r2": r2,
        "job_finding_rate_mean": float((data["hires_from_unemployment"] / data["u_lag"]).mean()),
        "vacancies_per_unemployed_mean": float((data["v_lag"] / data["u_lag"]).mean()),
        "on_month_pool": {
            "elasticity_pool": on_pool[1],
            "elasticity_pool_se": on_pool_se[1],
            "elasticity_vacancies": on_pool[2],
            "elasticity_vacancies_se": on_pool_se[2],
            "returns_to_scale": on_pool[1] + on_pool[2],
            "r2": on_pool_r2,
            "job_finding_rate_mean": float((data["hires_from_unemployment"] / data["pool"]).mean()),
            "entrants_share_of_pool_mean": float((data["entrants"] / data["pool"]).mean()),
        },
    }


def unemployed_against_hired(seed: int, scale: float, dates: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """Who stays unemployed: at each date (after its matching), the unemployed who searched this
    month against the month's hires and the employed: skill, months unemployed, and the mean
    share of the vacancies still open whose pay reaches their reservation wage."""
    model = build_model(build_scenario({"name": "unemployed"}), seed=seed, scale=scale)
    workers, vacancies = model.workers, model.vacancies
    found = {}
    for date in dates:
        model.run_to(parse_month(date))
        hired, _ = model.last_hires
        searched = np.flatnonzero((workers.status == Status.UNEMPLOYED) & (workers.months_in_status >= 1))
        employed = np.flatnonzero(workers.status == Status.EMPLOYED)
        open_rows = np.flatnonzero(vacancies.state == VacancyState.OPEN)
        pay = np.sort(vacancies.wage_offer[open_rows] + vacancies.wage_top_up[open_rows])
        reaching = 1 - np.searchsorted(pay, workers.reservation_wage[searched], side="left") / len(pay)
        found[date] = {
            "unemployed_searching": len(searched),
            "unemployed_mean_skill": float(workers.skill[searched].mean()),
            "unemployed_mean_months": float(workers.months_in_status[searched].mean()),
            "unemployed_open_vacancies_paying_enough": float(reaching.mean()),
            "hired_mean_skill": float(workers.skill[hired].mean()),
            "employed_mean_skill": float(workers.skill[employed].mean()),
        }
    return found


def visa_cohorts(runs: pd.DataFrame, term: int) -> dict[str, float]:
    """Baseline from 2025: first-term outcomes against arrivals one term earlier, and pay."""
    base = runs[(runs["case"] == "baseline")].sort_values(["seed", "month"])
    lagged = base.groupby("seed")["imported"].shift(term)
    window = base[lagged.notna() & (base["date"] >= pd.Timestamp("2025-01-01"))]
    arrivals = lagged[window.index].sum()
    return {
        "arrivals_one_term_earlier": float(arrivals),
        "stay_past_first_term": float(window["visa_first_extensions"].sum() / arrivals),
        "expiries_per_arrival": float(window["visa_expiries"].sum() / arrivals),
        "approval_share_of_applications": float(
            window["visa_extensions"].sum() / (window["visa_extensions"].sum() + window["visa_refusals"].sum())
        ),
        "extender_median_pay_hkd": float(np.nanmean(window["visa_extender_median_wage_hkd"])),
        "employed_imported_median_pay_hkd": float(np.nanmean(window["imported_employed_median_wage_hkd"])),
    }


def time_to_fill_days(seed: int, scale: float) -> np.ndarray:
    """Days from posting to hire of every vacancy filled from 2023-01 to 2025-12."""
    model = build_model(build_scenario({"name": "ttf"}), seed=seed, scale=scale)
    model.run_to(model.settings.calendar.first_month_recorded - 1)
    filled = []
    while model.month <= model.settings.calendar.first_month_recorded + 35:
        model.step()
        filled.append(model.time_to_fill_days)
    return np.concatenate(filled)


def figures(fit: pd.DataFrame, runs: pd.DataFrame, ttf: np.ndarray) -> None:
    """The figures of docs/validation.md, into docs/img/."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    sns.set_theme(style="whitegrid")
    hard = fit[fit["kind"] == "hard"].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(6.5, 3))
    rows = np.arange(len(hard))
    spread = [hard["model_mean"] - hard["p05"], hard["p95"] - hard["model_mean"]]
    ax.errorbar(100 * hard["model_mean"], rows + 0.12, xerr=100 * np.array(spread), fmt="o",
                label="model (mean, 5-95% over seeds)")  # fmt: skip
    ax.errorbar(100 * hard["figure"], rows - 0.12, xerr=100 * hard["tolerance"], fmt="s", label="HKPC ± 1 s.e.")
    ax.set_yticks(rows, ["report difficulty", "reduced hiring", "plan to expand"])
    ax.set_ylim(-0.6, len(hard) - 0.4)
    ax.set_xlabel("share of AI firms at the survey month, 2023-06 (%)")
    ax.legend(fontsize=8, loc="lower right")
    _save(fig, "validation_fit.png")

    shown = ["baseline", "slump -20% 2025-27", "boom +20% 2025-27", "slump -20% from 2025"]
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharex=True)
    for column, ax, label in (("difficulty_share", axes[0], "firms reporting difficulty (%)"),
                              ("market_pay_level", axes[1], "market pay level (1 = start of 2018)")):  # fmt: skip
        data = runs[runs["case"].isin(shown)].assign(value=lambda f: f[column] * (100 if "share" in column else 1))
        sns.lineplot(data=data, x="date", y="value", hue="case", hue_order=shown, errorbar=("pi", 90), ax=ax)
        ax.set(xlabel="", ylabel=label)
        ax.get_legend().remove()
    axes[0].axhline(100 * survey_target("difficulty_share").value, color="grey", ls="--", lw=1)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=4, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    _save(fig, "validation_shocks.png")

    fig, ax = plt.subplots(figsize=(5.5, 4))
    cycle = ["baseline", "slump -20% 2025-27", "boom +20% 2025-27"]
    means = runs[runs["case"].isin(cycle)].groupby(["case", "date"])[["unemployment_rate", "vacancy_rate"]].mean()
    means = (100 * means).reset_index()
    sns.scatterplot(data=means, x="unemployment_rate", y="vacancy_rate", hue="case", hue_order=cycle, s=12, ax=ax)
    ax.set(xlabel="unemployment rate (%)", ylabel="vacancy rate (%)", title="Beveridge curve (monthly means)")
    ax.legend(fontsize=8)
    _save(fig, "validation_beveridge.png")

    fig, ax = plt.subplots(figsize=(6, 3))
    sns.histplot(ttf, binwidth=7, stat="probability", ax=ax)
    ax.axvline(3 * DAYS_PER_MONTH, color="black", ls="--", lw=1)
    ax.set(xlabel="days from posting to hire (dashed: 3 months, the usual IT time to hire)", ylabel="share of hires")
    _save(fig, "validation_time_to_fill.png")


def _save(fig, name: str) -> None:
    fig.tight_layout()
    fig.savefig(IMAGES / name, dpi=120)
    plt.close(fig)


def flows_and_timing(baseline: pd.DataFrame, ttf: np.ndarray) -> dict[str, float]:
    """The baseline's job endings in 2023, time to fill in days, and firm entry and exit."""
    year = baseline["date"].dt.year
    in_2023 = baseline[year == 2023]
    runs = baseline["seed"].nunique()
    return {
        "job_ending_rate_2023": float((in_2023["separations"] / in_2023["employed"]).mean()),
        "job_to_job_share_of_endings_2023": float(in_2023["job_to_job"].sum() / in_2023["separations"].sum()),
        "time_to_fill_median_days": float(np.median(ttf)),
        "time_to_fill_mean_days": float(ttf.mean()),
        "time_to_fill_share_over_91_days": float((ttf > 3 * DAYS_PER_MONTH).mean()),
        "time_to_fill_hires": len(ttf),
        "distinct_monthly_medians_2023": int(in_2023["time_to_fill_days"].nunique()),
        "firms_active_2023_01": float(
            baseline.loc[baseline["date"] == pd.Timestamp("2023-01-01"), "firms_active"].mean()
        ),
        "firms_active_2035_12": float(
            baseline.loc[baseline["date"] == pd.Timestamp("2035-12-01"), "firms_active"].mean()
        ),
        "firm_entries_per_year": float(baseline["firm_entries"].sum() / runs / year.nunique()),
        "firm_exits_per_year": float(baseline["firm_exits"].sum() / runs / year.nunique()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    seeds = list(range(100, 100 + args.seeds))  # fresh: calibration uses seeds from 10000
    fit = fit_to_targets(seeds, args.scale)
    runs = driver_runs(seeds[: max(3, args.seeds // 2)], args.scale)
    ttf = time_to_fill_days(seeds[0], args.scale)
    figures(fit, runs, ttf)
    baseline = runs[runs["case"] == "baseline"]
    boom = runs[runs["case"] == "boom +50% from 2025"].sort_values(["seed", "month"])
    boom_rolling = boom.groupby("seed")["unemployment_rate"].transform(lambda u: u.rolling(12).mean())
    monthly = runs.groupby(["case", "date"])[["unemployment_rate", "vacancy_rate"]].mean()
    shocked = [case for case in SHOCKS if case != "entry-level driver"]
    graduates = ["local_graduate_unemployment_rate", "local_graduate_median_wage_hkd", "time_to_fill_days"]
    in_2030 = runs[runs["date"].dt.year == 2030].groupby("case")[graduates].mean()
    results = {
        "seeds": seeds,
        "scale": args.scale,
        "fit": fit.to_dict(orient="records"),
        "visa_cohorts": visa_cohorts(runs, build_scenario({}).flows.visa_term_months),
        "against_baseline_2026_06": paired_gaps(runs, "2026-06-01"),
        "against_baseline_2031_12": paired_gaps(runs, "2031-12-01"),
        "against_baseline_2035_12": paired_gaps(runs, "2035-12-01"),
        "unemployment_floor_in_a_boom": float(boom_rolling.groupby(boom["seed"]).min().mean()),
        "baseline_unemployment_by_year": baseline.groupby(baseline["date"].dt.year)["unemployment_rate"]
        .mean()
        .to_dict(),
        "matching_function_all_shocks": matching_function(runs, shocked),
        "matching_function_baseline_only": matching_function(runs, ["baseline"]),
        "unemployed_against_hired": unemployed_against_hired(seeds[0], args.scale, COMPOSITION_DATES),
        "flows_and_timing": flows_and_timing(baseline, ttf),
        "beveridge_correlation": float(monthly.corr().iloc[0, 1]),
        "entry_level_driver_2030_12": paired_gaps(runs, "2030-12-01")["entry-level driver"],
        "entry_level_driver_2030_means": in_2030.loc[["baseline", "entry-level driver"]].to_dict(orient="index"),
    }
    (DOCS / "validation_results.json").write_text(json.dumps(results, indent=2, default=float) + "\n")
    print(json.dumps(results, indent=2, default=float))


if __name__ == "__main__":
    main()
