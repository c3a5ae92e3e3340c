"""Benchmark adapters for complyscan."""
