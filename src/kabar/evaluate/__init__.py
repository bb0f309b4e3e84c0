"""Evaluation: clustering metrics and dataset loaders (data read from settings.benchmarks)."""
