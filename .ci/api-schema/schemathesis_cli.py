"""schemathesis's command line, with one workaround.

Hypothesis describes the lambdas of a strategy by parsing their source file with `ast`; on some
CPython 3.11 and 3.12 releases that parse of a large module fails with "SystemError: AST constructor
recursion depth mismatch", which would end the run as an error. The description is only used in
reports, so a lambda that cannot be described is shown as `lambda: <unknown>` instead.
"""

import sys

from hypothesis.internal import lambda_sources

_describe = lambda_sources._lambda_description


def _lambda_description(f, *args, **kwargs):
    try:
        return _describe(f, *args, **kwargs)
    except SystemError:
        return "lambda: <unknown>"


lambda_sources._lambda_description = _lambda_description

from schemathesis.cli import schemathesis  # noqa: E402

sys.exit(schemathesis())
