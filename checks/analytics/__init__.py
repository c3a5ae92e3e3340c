"""Checks over analytics data: warehouse datasets and tables, data-processing clusters."""
