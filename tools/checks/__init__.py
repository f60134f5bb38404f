"""The checks `make lint` runs (tools/lint.py): one module per concern, each with NAME, DESCRIPTION
and check(root) -> iterable of handbook.problem.Problem."""
