"""What an import did with each file: rows read, taken (new), updated, unchanged, refused
(each with its row and reason) and closed (rows of reol the former system had ended)."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from reol.errors import DomainError


@dataclass
class Refusal:
    file: str
    row: int  # the row's line in its file (the header is line 1); a MARC record's position
    code: str
    da: str
    en: str


@dataclass
class FileCount:
    file: str
    read: int = 0
    taken: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    closed: int = 0


@dataclass
class Report:
    dry_run: bool = False
    files: dict[str, FileCount] = field(default_factory=dict)
    refusals: list[Refusal] = field(default_factory=list)
    rolled_back: bool = False

    def count(self, file: str) -> FileCount:
        return self.files.setdefault(file, FileCount(file))

    def refuse(self, file: str, row: int, error: DomainError) -> None:
        self.count(file).refused += 1
        self.refusals.append(Refusal(file, row, error.code, error.da, error.en))

    @property
    def refused(self) -> int:
        return len(self.refusals)

    def write(self, path: Path) -> None:
        """The report as CSV: one line per file with its counts, then one per refused row."""
        with path.open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["file", "row", "read", "taken", "updated", "unchanged", "refused",
                          "closed", "code", "reason_da", "reason_en"])
            for c in self.files.values():
                out.writerow([c.file, "", c.read, c.taken, c.updated, c.unchanged, c.refused,
                              c.closed, "", "", ""])
            for r in self.refusals:
                out.writerow([r.file, r.row, "", "", "", "", "", "", r.code, r.da, r.en])

    def lines(self) -> list[str]:
        head = "dry run, nothing changed: " if self.dry_run else (
            "rolled back, nothing changed: " if self.rolled_back else "")
        return [f"{head}{c.file}: read {c.read}, taken {c.taken}, updated {c.updated}, "
                f"unchanged {c.unchanged}, refused {c.refused}, closed {c.closed}"
                for c in self.files.values()]
