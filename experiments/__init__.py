"""Experiments: scenario files, the sweep runner, sensitivity analysis and reports."""
