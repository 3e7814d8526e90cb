"""The benchmark suite (not part of the test run): `.venv/bin/python -m tests.benchmarks`."""
