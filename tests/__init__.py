"""drillsim's test suite.

A package, so that the shared helpers (``tests.helpers``, ``tests.scenario_runs``,
``tests.engine_helpers``…) import the same way from a checkout, from an unpacked sdist
installed with ``pip install .``, and whatever the current folder: pytest puts the folder
that holds ``tests/`` on ``sys.path``.
"""
