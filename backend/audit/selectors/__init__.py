"""Reads of the change history: one object's (its page), and everyone's for HR."""

from backend.audit.selectors.history import (
    HistoryFilter,
    HistoryKind,
    HistoryRow,
    HistorySource,
    history_list,
    history_readable,
    history_rows,
)
from backend.audit.selectors.objects import ChangeRow, audit_entry_list, audit_history

__all__ = [
    "ChangeRow",
    "HistoryFilter",
    "HistoryKind",
    "HistoryRow",
    "HistorySource",
    "audit_entry_list",
    "audit_history",
    "history_list",
    "history_readable",
    "history_rows",
]
