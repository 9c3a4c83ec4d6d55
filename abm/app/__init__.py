"""The browser app (``talentgap viz``): Mesa's SolaraViz page over one run per browser session.

- :mod:`~abm.app.page`: the page and :class:`~abm.app.page.AppModel`, the Mesa model it drives;
- :mod:`~abm.app.controls`: the widgets and the scenario parameters they set (policy controls
  come from each policy's declared levers, so a plugin policy gets controls too);
- :mod:`~abm.app.charts`: the live charts;
- :mod:`~abm.app.server`: serving the page offline on loopback.

Needs the ``app`` extra (``pip install 'talentgap[app]'``).
"""
