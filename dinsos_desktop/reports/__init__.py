"""Printouts: PDF documents built with reportlab, Indonesian formatting with babel. No Qt.

This package must stay cheap to import: the GUI imports ``reports.formatting`` and
``reports.paper`` at start-up, so reportlab and babel are imported inside functions or in modules
that are only imported when something is printed (``fonts``, ``letterhead``, ``document``,
``standard_sheet``).
"""
