"""What an import reports back: counts, every error with its line, and a preview."""

from dataclasses import dataclass, field

from backend.appraisal.imports.spec import COLUMNS, PREVIEW_ROWS, column_label

# Errors about the file as a whole (not one row) carry this line number.
WHOLE_FILE = 0


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str
    label: str = ""


@dataclass(frozen=True)
class PreviewRow:
    line: int
    # Values, not text: the page formats numbers and dates for the reader's language.
    cells: tuple[object, ...]
    action: str
    ok: bool


@dataclass
class ImportResult:
    kind: str
    dry_run: bool
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    preview_headings: tuple[str, ...] = ()
    preview: list[PreviewRow] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_lines(self) -> int:
        return len({error.line for error in self.errors if error.line != WHOLE_FILE})

    def add_error(self, line: int, column: str, message: str) -> None:
        label = column_label(self.kind, column) if column else ""
        self.errors.append(RowError(line=line, column=column, message=str(message), label=label))

    def add_preview(self, line: int, cells, action: str = "", ok: bool = True) -> None:
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.append(PreviewRow(line=line, cells=tuple(cells), action=str(action), ok=ok))

    def sort_errors(self) -> None:
        """By line, and within a line in the file's column order (row-wide problems last)."""
        order = {column.name: index for index, column in enumerate(COLUMNS[self.kind])}
        self.errors.sort(key=lambda error: (error.line, order.get(error.column, len(order))))

    def lines_with_errors(self) -> set[int]:
        return {error.line for error in self.errors}
