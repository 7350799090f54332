"""Exports of encounter statistics: an XLSX workbook and a long CSV table.

Database-free: both take the statistics of one or more units as plain dicts
(see :mod:`tyonjako.encounters.exports.xlsx`) and code labels as a nested dict.
"""

from .csv_export import statistics_csv
from .labels import LABELS
from .xlsx import statistics_workbook

__all__ = ["LABELS", "statistics_csv", "statistics_workbook"]
