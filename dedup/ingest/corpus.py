"""Read news documents from files and folders.

Formats (see README "Input formats"):
- `.txt` / `.md`: one document a file; metadata from a `manifest.csv` beside it
  (`id,path,outlet,published,url,title`).
- `.jsonl`: one document a line: `id`, `text`, optional `outlet`, `published`, `url`, `title`; other
  fields are kept.
- `.csv`: a table with the same columns as JSONL.

Bad input never stops the run: each problem is reported with its file, line and reason, and the
rest is read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from dedup.errors import DedupError
from dedup.ingest.dates import parse_iso
from dedup.records import Document

MANIFEST = "manifest.csv"
TEXT_SUFFIXES = {".txt", ".md"}
TABLE_SUFFIXES = {".jsonl", ".csv"}
METADATA_FIELDS = ("outlet", "published", "url", "title")
MAX_DOCUMENT_BYTES = 20_000_000


_LINE_BREAK = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")  # what str.splitlines splits at


@dataclass(frozen=True)
class Problem:
    """One piece of input that could not be read, and why."""

    source: str
    reason: str
    line: int | None = None

    @property
    def path(self) -> str:
        """Absolute path of the file at fault."""
        return str(Path(self.source).resolve())

    def __str__(self) -> str:
        """One line, whatever the input quoted in the reason holds: a line break shows as its escape."""
        where = f"{self.source}:{self.line}" if self.line else self.source
        return _LINE_BREAK.sub(lambda m: m.group().encode("unicode_escape").decode(), f"{where}: {self.reason}")


@dataclass
class Corpus:
    documents: list[Document]
    problems: list[Problem]


def read_corpus(paths: list[Path]) -> Corpus:
    """Read every document under `paths` (files or folders), in a stable order."""
    corpus = Corpus([], [])
    seen: dict[str, str] = {}
    read: set[Path] = set()  # a file named twice (a folder and a file in it, say) is read once, as first reached
    for path in paths:
        if not path.exists():
            raise DedupError(f"{path}: no such file or folder")
        for doc_or_problem in _read_path(path, read):
            if isinstance(doc_or_problem, Problem):
                corpus.problems.append(doc_or_problem)
            elif doc_or_problem.doc_id in seen:
                corpus.problems.append(
                    Problem(doc_or_problem.source,
                            f"document id '{doc_or_problem.doc_id}' already used by {seen[doc_or_problem.doc_id]}")
                )
            else:
                seen[doc_or_problem.doc_id] = doc_or_problem.source
                corpus.documents.append(doc_or_problem)
    return corpus


def _read_path(path: Path, read: set[Path]) -> Iterator[Document | Problem]:
    """The documents of the files under `path` not in `read` (files already read), adding those it reads."""
    if path.is_dir():
        root = path
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(root)))
    else:
        root, files = path.parent, [path]
    files = [file for file in files if file.resolve() not in read]
    read.update(file.resolve() for file in files)
    manifests: dict[Path, dict[str, dict[str, str]]] = {}
    for file in files:
        suffix = file.suffix.lower()
        if file.name == MANIFEST:
            continue
        if suffix in TEXT_SUFFIXES:
            entry = {}
            for folder in [file.parent, *file.parent.parents]:  # the nearest manifest with a row for the file
                if folder not in manifests:
                    manifests[folder], problems = _read_manifest(folder)
                    yield from problems
                if entry := manifests[folder].get(file.relative_to(folder).as_posix(), {}):
                    break
                if folder == root:
                    break
            yield _read_text_file(file, root, entry)
        elif suffix == ".jsonl":
            yield from _read_jsonl(file, root)
        elif suffix == ".csv":
            yield from _read_csv_table(file, root)
        elif not path.is_dir():
            yield Problem(str(file), f"unsupported file type '{suffix or file.name}' (use .txt, .md, .jsonl or .csv)")


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _read_manifest(folder: Path) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """(file path relative to `folder` -> its row, the rows that could not be used) of the manifest in
    `folder` (nothing if there is none). Its paths may name files in subfolders."""
    manifest = folder / MANIFEST
    if not manifest.exists():
        return {}, []
    text = _decode(manifest)
    if isinstance(text, Problem):
        return {}, [text]
    rows: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    problems = []
    for line, row in csv_rows(text, "id,path,outlet,published,url,title", required="path"):
        if isinstance(row, str):
            problems.append(Problem(str(manifest), row, line))
            continue
        given = (row.get("path") or "").strip()
        key = Path(given).as_posix() if given else ""
        if not key or key == ".":
            problems.append(Problem(str(manifest), "row without a path", line))
        elif key in rows:
            problems.append(Problem(str(manifest), f"a second row for '{given}' (the row of line {first_line[key]} "
                                                   "is used)", line))
        elif not (folder / key).is_file():
            problems.append(Problem(str(manifest), f"row for '{given}' points to no file", line))
        else:
            rows[key], first_line[key] = row, line
    return rows, problems


def _read_text_file(file: Path, root: Path, entry: dict[str, str]) -> Document | Problem:
    text = _decode(file)
    if isinstance(text, Problem):
        return text
    given_id = (entry.get("id") or "").strip()
    metadata, problem = _metadata(entry, str(file), None)
    if problem:
        return problem
    if not text.strip():
        return Problem(str(file), "empty document")
    return _document(given_id or file.relative_to(root).as_posix(), text, file, None, metadata, {}, not given_id)


def _read_jsonl(file: Path, root: Path) -> Iterator[Document | Problem]:
    text = _decode(file)
    if isinstance(text, Problem):
        yield text
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Problem(str(file), f"not valid JSON ({error.msg})", number)
            continue
        if not isinstance(record, dict):
            yield Problem(str(file), "a line must be a JSON object", number)
            continue
        yield _record(record, file, root, number)


def _read_csv_table(file: Path, root: Path) -> Iterator[Document | Problem]:
    text = _decode(file)
    if isinstance(text, Problem):
        yield text
        return
    for line, row in csv_rows(text, "id,text,outlet,published,url,title"):
        yield Problem(str(file), row, line) if isinstance(row, str) else _record(row, file, root, line)


def csv_rows(text: str, columns: str, required: str = "text") -> Iterator[tuple[int, dict[str, str] | str]]:
    """(the line a record starts on, the record, or what is wrong with it) for each record of a CSV text whose
    header has the `required` column (`columns`: those expected, for the message). A quoted cell may span lines
    and blank lines are skipped; an odd number of quotation marks means one is never closed, and a lenient
    reader would swallow every row after it into that cell, so such a text is read strictly, to stop there and
    say where."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=text.count('"') % 2 == 1)
    header: list[str] | None = None
    start = 1
    try:
        for row in reader:
            if row and header is None:
                header = row
                if required not in header:
                    yield start, f"no '{required}' column (expected {columns})"
                    return
            elif row:
                yield start, ("row has more cells than the header" if len(row) > len(header) else
                              dict(zip(header, row + [None] * (len(header) - len(row)))))
            start = reader.line_num + 1
    except csv.Error as error:
        reason = "a quoted cell opened here is never closed" if "end of data" in str(error) else str(error)
        yield start, f"malformed CSV ({reason}); the rows after it were not read"
    if header is None:
        yield 1, f"no '{required}' column (expected {columns})"


def _record(record: dict[str, Any], file: Path, root: Path, number: int) -> Document | Problem:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Problem(str(file), "no 'text' (a non-empty string is required)", number)
    given_id = record.get("id")
    given = given_id not in (None, "")
    doc_id = id_text(given_id) if given else f"{file.relative_to(root).as_posix()}:{number}"
    metadata, problem = _metadata(record, str(file), number)
    if problem:
        return problem
    extra = {k: v for k, v in record.items() if k not in ("id", "text", *METADATA_FIELDS)}
    return _document(doc_id, text, file, number, metadata, extra, not given)


def id_text(given: Any) -> str:
    """An id as the input wrote it: a JSON number or boolean as JSON spells it (`7`, `true`), not as Python does."""
    return given.strip() if isinstance(given, str) else json.dumps(given, ensure_ascii=False)


def _metadata(record: dict[str, Any], source: str, line: int | None) -> tuple[dict[str, str], Problem | None]:
    metadata = {name: str(record.get(name) or "").strip() for name in METADATA_FIELDS}
    if metadata["published"] and parse_iso(metadata["published"]) is None:
        return metadata, Problem(source, f"published '{metadata['published']}' is not an ISO 8601 date", line)
    return metadata, None


def _document(doc_id: str, text: str, file: Path, line: int | None, metadata: dict[str, str],
              extra: dict[str, Any], id_from_path: bool) -> Document:
    source = f"{file}:{line}" if line else str(file)
    return Document(doc_id=doc_id, text=text, source=source, path=str(file.resolve()), extra=extra,
                    id_from_path=id_from_path, **metadata)


def _decode(file: Path) -> str | Problem:
    try:
        if file.stat().st_size > MAX_DOCUMENT_BYTES:
            return Problem(str(file), f"larger than {MAX_DOCUMENT_BYTES // 1_000_000} MB")
        data = file.read_bytes()
    except OSError as error:
        return Problem(str(file), f"cannot be read ({error.strerror or error})")
    if b"\x00" in data:
        return Problem(str(file), "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Problem(str(file), f"not valid UTF-8 (byte {error.start})")
