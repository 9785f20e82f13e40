"""Muster: a sourced, dated ledger of who contributes how many personnel to which operation."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
