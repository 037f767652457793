"""Recordings in, reps and reports out: reading files, the analyzer, accuracy, plots."""
