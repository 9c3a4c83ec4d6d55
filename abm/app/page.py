"""The browser app: Mesa's ``SolaraViz`` page over one run of the model per browser session.

Open it with ``talentgap viz`` (see ``docs/app.md``). The page has Mesa's controls (Reset,
▶ play/pause, Step, the play and render intervals), one widget per model parameter the app
exposes (:mod:`abm.app.controls`), the step counter ``Time: N`` and these panels
(:mod:`abm.app.charts`): a summary of the month, the survey difficulty share against the
HKPC's 49%, the firms by sector and size coloured by difficulty, vacancies against
unemployment, time to fill, wages, inflows by origin and emigration, government spending.

Design choices:

- :class:`AppModel` is the Mesa model the page drives. It holds the run (``market``, a
  :class:`~abm.core.model.TalentModel`) rather than being one, so that a bad value in the
  controls gives a model with no run and a message on the page instead of an exception, and
  so that Mesa's clock counts the months shown: the burn-in (months before the first
  recorded month, 2023-01 by default) runs when the model is built, and ``Time: N`` means
  N recorded months have been simulated.
- Each browser session builds its own model in :func:`Page` (a model built at module level
  would be shared by every visitor); Reset rebuilds it from the controls, as Mesa does, by
  calling ``AppModel(**model_params)``.
- Charts are PNG images re-drawn only when the model or its month changes.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import mesa
import pandas as pd
import solara
from mesa.visualization import SolaraViz

from abm.app.charts import CHARTS, HKPC_DIFFICULTY_SHARE, png
from abm.app.controls import changes_from_default, default_values, model_params, read_values, settings_from_controls
from abm.app.server import TITLE
from abm.core.calendar import format_month
from abm.core.errors import InputError
from abm.core.model import TalentModel
from abm.runs import build_model

SLIDER_VALUES = """
.v-slider__thumb-container .v-slider__thumb-label-container { display: block !important; }
.v-slider__thumb-container .v-slider__thumb-label {
    width: auto !important; height: 18px !important; min-width: 22px; padding: 0 4px; border-radius: 4px !important;
    transform: translate(-50%, -6px) !important; left: 0; font-size: 11px;
}
.v-slider__thumb-container .v-slider__thumb-label > * { transform: none !important; }
.v-input__slider { margin-top: 22px; }
"""
"""Every slider shows its value above its knob, always (Vuetify shows it only while dragging)."""
ONE_PAGE = ".v-tabs { display: none !important; }"
"""Hide the tab strip: the app has one page, which Mesa's SolaraViz would label "Page 0"."""
PLAY_INTERVAL_MS = 150
"""Pause between months while playing (a month at scale 1 takes about 5 ms plus drawing)."""


class AppModel(mesa.Model):
    """One browser session's run, built from the app's controls.

    Keyword arguments are the controls, by name (:func:`abm.app.controls.controls`; every
    one has a default, the calibrated status quo): ``seed`` and ``scale`` (as typed: text or
    numbers), the calibrated parameters, each built-in policy's switch and levers, and the
    drivers. The signature lists them all: Mesa checks ``model_params`` against it, and Reset
    passes the widgets' values under these names.

    Attributes:
        values: every control's parameter value, by name (:func:`abm.app.controls.read_values`:
            a slider left at its starting position stands for the calibrated value itself).
        market: the run (a :class:`~abm.core.model.TalentModel` burnt in up to the month before
            the first recorded month), or None when a control holds a bad value.
        input_error: the message naming the bad value, or None.
    """

    def __init__(self, **values: Any) -> None:
        self.values = read_values(values)
        try:
            seed, scale, scenario = settings_from_controls(self.values)
        except InputError as error:
            super().__init__(rng=0)
            self.market: TalentModel | None = None
            self.input_error: str | None = str(error)
            self.running = False
            return
        super().__init__(rng=seed)
        self.input_error = None
        self.market = build_model(scenario, seed=seed, scale=scale)
        self.market.run_to(scenario.calendar.first_month_recorded - 1)
        self._frame = (-1, pd.DataFrame())

    def step(self) -> None:
        """Simulate the next month (nothing without a run); stop after the horizon."""
        if self.market is None:
            return
        self.market.step()
        self.running = self.market.month <= self.market.settings.calendar.horizon

    def recorded(self) -> pd.DataFrame:
        """The recorded months so far, one row per month (cached until the next step)."""
        count, frame = self._frame
        if count != len(self.market.records):
            frame = self.market.results()
            self._frame = (len(self.market.records), frame)
        return frame


AppModel.__init__.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    + [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=value)
        for name, value in default_values().items()
    ]
)


def summary(model: AppModel) -> tuple[str, list[str]]:
    """The summary panel's heading and lines: the last simulated month's headline figures and
    the controls that differ from the calibrated status quo."""
    market = model.market
    calendar = market.settings.calendar
    frame = model.recorded()
    changed = changes_from_default(model.values)
    run = f"seed {market.seed}, scale {market.scale:g}; " + (
        "changes from the status quo: " + ", ".join(changed) if changed else "the calibrated status quo"
    )
    if frame.empty:
        first = format_month(calendar.first_month_recorded)
        return f"Before {first} (burn-in done)", ["Press Step or ▶ to simulate month by month.", run]
    last = frame.iloc[-1]
    months = calendar.horizon - calendar.first_month_recorded + 1
    heading = f"{format_month(market.month - 1)}: month {len(frame)} of {months}"
    return heading, [
        f"Firms reporting difficulty: {last['difficulty_share']:.1%} (HKPC 2023: {HKPC_DIFFICULTY_SHARE:.0%})",
        f"Vacancy rate {last['vacancy_rate']:.1%}, unemployment rate {last['unemployment_rate']:.1%}",
        f"Median time to fill {last['time_to_fill_days']:.0f} days, "
        f"median wage HK${last['median_wage_hkd']:,.0f} a month",
        _counts(last, market.scale),
        run,
    ]


def _counts(last: pd.Series, scale: float) -> str:
    """Employment and the month's spending at Hong Kong's size; at another scale, the run's own too."""
    employed, spent = last["employed"], last["government_spend_hkd"]
    text = f"Employed {employed / scale:,.0f}; government spending HK${spent / scale / 1e6:,.1f}m this month"
    if scale == 1:
        return text
    return text + f" (Hong Kong's size; this run at scale {scale:g}: {employed:,} and HK${spent / 1e6:,.2f}m)"


@solara.component
def Summary(model: AppModel, time: float) -> None:  # noqa: N802 (Solara components are capitalised)
    """The month's headline figures, or the message about a bad control.

    ``time`` is the model's step counter: a new value renders the panel again.
    """
    if model.input_error is not None:
        solara.Error(f"The model was not built: {model.input_error}. Fix the value and press Reset.")
        return
    heading, lines = summary(model)
    with solara.Column(gap="4px"):
        solara.v.Html(tag="h3", children=[heading])
        for line in lines:
            solara.Text(line)


@solara.component
def Chart(model: AppModel, time: float, draw: Callable) -> None:  # noqa: N802
    """One chart (``draw``, from :data:`abm.app.charts.CHARTS`) as a PNG image, drawn again only
    when the model or its step counter ``time`` changes."""
    image = solara.use_memo(
        lambda: None if model.market is None else png(draw(model.market, model.recorded())),
        dependencies=[model, time, draw],
    )
    if image is None:
        solara.Text("No run: see the message in the summary panel.")
    else:
        solara.Image(image)


def _panel(draw: Callable | None) -> Callable[[AppModel], solara.Element]:
    """A Mesa page component (Mesa re-renders it after every step) for one chart or the summary."""

    def panel(model: AppModel) -> solara.Element:
        if draw is None:
            return Summary(model, model.time)
        return Chart(model, model.time, draw)

    return panel


COMPONENTS = [(_panel(None), 0)] + [(_panel(draw), 0) for draw in CHARTS.values()]
"""The page's panels (all on Mesa's page 0): the summary, then every chart of :data:`CHARTS`."""


@solara.component
def Page() -> None:  # noqa: N802
    """The app's page; each browser session builds its own model. Besides Mesa's page it sets the browser
    tab's title and the style that shows every slider's value and hides Mesa's one-tab strip ("Page 0")."""
    model = solara.use_memo(AppModel, dependencies=[])
    solara.Title(TITLE)
    solara.Style(SLIDER_VALUES + ONE_PAGE)
    SolaraViz(model, components=COMPONENTS, model_params=model_params(), name=TITLE, play_interval=PLAY_INTERVAL_MS)
