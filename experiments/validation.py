"""Validation of the calibrated baseline: writes docs/validation.md and its figures.

Read top to bottom; run ``.venv/bin/python experiments/validation.py [--seeds 10] [--scale 1.0]``.
It reports the fit to every calibration target (on seeds calibration never used) and checks
regularities the model was not calibrated to:

1. the difficulty share rises under a positive demand shock and falls when supply is added;
2. a Beveridge curve when labour demand is shocked up and down;
3. a matching function estimated on simulated data (log hires on log unemployed and log
   vacancies), its elasticities compared with the literature;
4. the distribution of time to fill.
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
from abm.runs import build_model
from abm.runs.scenarios import build_scenario
from abm.runs.simulation import RunSpec, run

DOCS = Path(__file__).resolve().parent.parent / "docs"
IMAGES = DOCS / "img"
SHOCK = {"enabled": True, "start": "2025-01", "end": "2027-12", "ramp_months": 6}


def fit_to_targets(seeds: list[int], scale: float) -> pd.DataFrame:
    """Every target against the model's mean and 90% range over fresh seeds."""
    metrics = ensemble({}, seeds, scale)
    rows = []
    for target in load_targets():
        values = metrics[target.name]
        rows.append({"target": target.name, "kind": target.kind, "hkpc_or_source": target.value,
                     "tolerance": target.tolerance, "model_mean": values.mean(),
                     "p05": values.quantile(0.05), "p95": values.quantile(0.95)})  # fmt: skip
    return pd.DataFrame(rows)


def shock_runs(seeds: list[int], scale: float) -> pd.DataFrame:
    """Baseline, demand up, demand down and more supply, paired by seed."""
    cases = {
        "baseline": {},
        "demand +20%": {"drivers": {"macro_shock": SHOCK | {"demand_change": 0.2}}},
        "demand -20%": {"drivers": {"macro_shock": SHOCK | {"demand_change": -0.2}}},
        "more supply": {
            "policies": [{"name": "talent_admission", "id": "extra", "start": "2025-01", "ai_share_of_it": 0.15}]
        },
    }
    frames = []
    for label, table in cases.items():
        name = label.replace(" ", "_").replace("+", "up").replace("-", "down").replace("%", "pct")
        scenario = build_scenario({"name": name} | table)
        for seed in seeds:
            frames.append(run(RunSpec(scenario, seed=seed, scale=scale)).assign(case=label))
    return pd.concat(frames, ignore_index=True)


def matching_function(runs: pd.DataFrame) -> dict[str, float]:
    """OLS of log hires on log unemployed and log vacancies (previous month's stocks)."""
    data = runs.sort_values(["case", "seed", "month"]).copy()
    grouped = data.groupby(["case", "seed"])
    data["u_lag"] = grouped["unemployed"].shift(1)
    data["v_lag"] = grouped["vacancies"].shift(1)
    data = data.dropna(subset=["u_lag", "v_lag"])
    data = data[(data["hires"] > 0) & (data["u_lag"] > 0) & (data["v_lag"] > 0)]
    design = np.column_stack([np.ones(len(data)), np.log(data["u_lag"]), np.log(data["v_lag"])])
    coef, *_ = np.linalg.lstsq(design, np.log(data["hires"]), rcond=None)
    residual = np.log(data["hires"]) - design @ coef
    r2 = 1 - residual.var() / np.log(data["hires"]).var()
    return {"constant": coef[0], "elasticity_unemployed": coef[1], "elasticity_vacancies": coef[2],
            "returns_to_scale": coef[1] + coef[2], "r2": r2, "observations": len(data)}  # fmt: skip


def time_to_fill_distribution(seed: int, scale: float) -> np.ndarray:
    """Months from posting to hire of every vacancy filled from 2023-01 to 2025-12."""
    model = build_model(build_scenario({"name": "ttf"}), seed=seed, scale=scale)
    model.run_to(model.settings.calendar.first_month_recorded - 1)
    filled = []
    while model.month <= model.settings.calendar.first_month_recorded + 35:
        model.step()
        filled.append(model.time_to_fill_this_month)
    return np.concatenate(filled)


def figures(fit: pd.DataFrame, runs: pd.DataFrame, ttf: np.ndarray) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    sns.set_theme(style="whitegrid")
    hard = fit[fit["kind"] == "hard"].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(6, 3))
    rows = np.arange(len(hard))
    spread = [hard["model_mean"] - hard["p05"], hard["p95"] - hard["model_mean"]]
    ax.errorbar(hard["model_mean"], rows + 0.12, xerr=spread, fmt="o", label="model (mean, 5-95% over seeds)")
    ax.errorbar(hard["hkpc_or_source"], rows - 0.12, xerr=hard["tolerance"], fmt="s", label="HKPC +/- 1 s.e.")
    ax.set_yticks(rows, hard["target"])
    ax.set_ylim(-0.6, len(hard) - 0.4)
    ax.set_xlabel("share of firms at the survey month (2023-06)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(IMAGES / "validation_fit.png", dpi=120)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 3.5))
    sns.lineplot(data=runs, x="date", y="difficulty_share", hue="case", errorbar=("pi", 90), ax=ax)
    ax.axhline(survey_target("difficulty_share").value, color="grey", ls="--", lw=1)
    ax.set_ylabel("difficulty_share")
    fig.tight_layout()
    fig.savefig(IMAGES / "validation_shocks.png", dpi=120)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(5, 4))
    cycle = runs[runs["case"].isin(["demand +20%", "demand -20%", "baseline"])]
    means = cycle.groupby(["case", "date"])[["unemployment_rate", "vacancy_rate"]].mean().reset_index()
    sns.scatterplot(data=means, x="unemployment_rate", y="vacancy_rate", hue="case", s=12, ax=ax)
    ax.set_title("Beveridge curve (monthly means over seeds)")
    fig.tight_layout()
    fig.savefig(IMAGES / "validation_beveridge.png", dpi=120)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(5, 3))
    sns.histplot(ttf, discrete=True, stat="probability", ax=ax)
    ax.set_xlabel("months from posting to hire (posting month = 1)")
    fig.tight_layout()
    fig.savefig(IMAGES / "validation_time_to_fill.png", dpi=120)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    seeds = list(range(100, 100 + args.seeds))  # fresh: calibration uses seeds from 10000
    fit = fit_to_targets(seeds, args.scale)
    runs = shock_runs(seeds[: max(3, args.seeds // 2)], args.scale)
    ttf = time_to_fill_distribution(seeds[0], args.scale)
    figures(fit, runs, ttf)
    mid_shock = runs[runs["date"] == "2027-06-01"]
    monthly = runs.groupby(["case", "date"])[["unemployment_rate", "vacancy_rate"]].mean()
    results = {
        "seeds": seeds, "scale": args.scale, "fit": fit.to_dict(orient="records"),
        "matching_function": matching_function(runs),
        "difficulty_2027_by_case": mid_shock.groupby("case")["difficulty_share"].mean().to_dict(),
        "beveridge_correlation": float(monthly.corr().iloc[0, 1]),
        "time_to_fill": {"mean": float(ttf.mean()), "median": float(np.median(ttf)),
                         "share_over_3_months": float((ttf > 3).mean()), "hires": len(ttf)},
    }  # fmt: skip
    (DOCS / "validation_results.json").write_text(json.dumps(results, indent=2, default=float) + "\n")
    print(json.dumps(results, indent=2, default=float))


if __name__ == "__main__":
    main()
