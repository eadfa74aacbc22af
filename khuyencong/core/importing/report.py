"""Collected import problems: errors refuse the whole file, warnings are shown but do not."""

from dataclasses import dataclass

from .errors import CellError

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class ImportIssue:
    """One problem, located by sheet, Excel row number and column label (each optional).

    `col` is the column's index in the source sheet (1 = A) when the problem is in one cell: with `sheet`
    (the sheet's title in the file) and `row` (the source row number) it points at the cell that the
    errors workbook (annotate.py) fills and comments.
    """

    level: str
    vi: str
    en: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    col: int | None = None

    @property
    def cell(self):
        """(sheet title, source row number, source column index), or None when not in one cell."""
        if self.sheet and self.row and self.col:
            return self.sheet, self.row, self.col
        return None

    def as_json(self):
        """The issue as a JSON-ready dict (kept in an import job's result)."""
        return {
            "level": self.level,
            "sheet": self.sheet,
            "row": self.row,
            "col": self.col,
            "column": self.column,
            "vi": self.vi,
            "en": self.en,
        }

    def _where(self, language):
        row_word, column_word = ("dòng", "cột") if language == "vi" else ("row", "column")
        parts = []
        if self.sheet:
            parts.append(f"Sheet '{self.sheet}'")
        if self.row:
            parts.append(f"{row_word} {self.row}")
        if self.column:
            parts.append(f"{column_word} '{self.column}'")
        if not parts:
            return ""
        text = ", ".join(parts)
        return text[0].upper() + text[1:] + ": "

    def text(self, language="vi"):
        """'Sheet 'X', dòng 9, cột 'Y': message' in one language ("vi" or "en")."""
        where = self._where(language)
        message = self.vi if language == "vi" else self.en
        if not where and message:
            message = message[0].upper() + message[1:]
        return where + message

    def __str__(self):
        """Bilingual line: the Vietnamese text, " / ", then the English text."""
        return f"{self.text('vi')} / {self.text('en')}"


class ImportReport:
    """Errors and warnings of one import. `ok` is True while there is no error.

    At most `max_issues` of each level are kept (memory stays bounded on a file where every row is
    wrong); the others are counted and `lines()` ends with how many were left out.
    """

    def __init__(self, max_issues=10_000):
        self.errors = []
        self.warnings = []
        self.max_issues = max_issues
        self.dropped = {ERROR: 0, WARNING: 0}

    @property
    def ok(self):
        return not self.errors and not self.dropped[ERROR]

    @property
    def error_count(self):
        return len(self.errors) + self.dropped[ERROR]

    def add(self, level, message, en=None, *, sheet=None, row=None, column=None, col=None):
        """Record an issue; `message` is a CellError or the Vietnamese text (then `en` is English)."""
        if isinstance(message, CellError):
            vi, en = message.vi, message.en
        else:
            vi, en = message, en or message
        bucket = self.errors if level == ERROR else self.warnings
        if len(bucket) >= self.max_issues:
            self.dropped[level] += 1
            return None
        issue = ImportIssue(level, vi, en, sheet, row, column, col)
        bucket.append(issue)
        return issue

    def error(self, message, en=None, **where):
        return self.add(ERROR, message, en, **where)

    def warning(self, message, en=None, **where):
        return self.add(WARNING, message, en, **where)

    def lines(self, level=None, language=None):
        """Rendered issues (errors first): bilingual lines, or one language with language="vi"/"en"."""
        out = []
        for lvl, bucket in ((ERROR, self.errors), (WARNING, self.warnings)):
            if level not in (None, lvl):
                continue
            out.extend(str(issue) if language is None else issue.text(language) for issue in bucket)
            if self.dropped[lvl]:
                n = self.dropped[lvl]
                kind_vi, kind_en = ("lỗi", "errors") if lvl == ERROR else ("cảnh báo", "warnings")
                vi, en = f"… và {n} {kind_vi} khác", f"… and {n} more {kind_en}"
                out.append({None: f"{vi} / {en}", "vi": vi, "en": en}[language])
        return out

    def __str__(self):
        return "\n".join(self.lines())

    def raise_if_errors(self):
        """Raise ImportErrorList carrying this report if there is any error."""
        if not self.ok:
            raise ImportErrorList(self)


class ImportErrorList(Exception):
    """The file is refused: `report` lists every problem (and any warnings)."""

    def __init__(self, report):
        self.report = report
        super().__init__("\n".join(report.lines(ERROR)))
