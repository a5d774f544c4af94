"""Benchmarks: ``python -m bench NAME [--db URL] [--quick]``; the last line printed is JSON."""
