"""Checks on an uploaded file before any parsing: size, real .xlsx container, openable by openpyxl."""

import os
import zipfile

import openpyxl

from ..formatting import vn_number
from .formats import CalamineWorkbook, FormatError, decode
from .report import ImportErrorList, ImportReport
from .xlsx import FastWorkbook, XlsxError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# A zip that inflates beyond this many times its size (or beyond 1 GB) is refused as a zip bomb.
MAX_EXPANSION = 200
MAX_UNCOMPRESSED = 1024 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class UploadRejected(ImportErrorList):
    """The upload is not an acceptable .xlsx file; `report` holds the single reason."""


def _size(file):
    if isinstance(file, (str, os.PathLike)):
        return os.path.getsize(file)
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    position = file.tell()
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def _megabytes(n):
    """'12,3 MB', or '980 KB' below one megabyte."""
    if n < 1024 * 1024:
        return vn_number(-(-n // 1024)) + " KB"
    return vn_number(n / (1024 * 1024), 1) + " MB"


def _refuse(vi, en):
    report = ImportReport()
    report.error(vi, en)
    raise UploadRejected(report)


def check_upload(file, max_bytes=DEFAULT_MAX_BYTES, *, csv=False):
    """Refuse (raise UploadRejected) a file that is too large, empty, not a real .xlsx or broken.

    `file` is a path or a binary file object (e.g. a Django UploadedFile); a file object is left
    positioned at its start. Checks, in order: size ≤ max_bytes; the zip signature (an .xls, a
    password-protected workbook or an .ods gets its own message); the xlsx parts; the total
    uncompressed size (zip bombs); openpyxl can open it.
    """
    size = _size(file)
    if size > max_bytes:
        _refuse(
            f"tệp quá lớn ({_megabytes(size)}); giới hạn là {_megabytes(max_bytes)}",
            f"file too large ({_megabytes(size)}); the limit is {_megabytes(max_bytes)}",
        )
    if size == 0:
        _refuse("tệp rỗng", "the file is empty")
    is_path = isinstance(file, (str, os.PathLike))
    handle = open(file, "rb") if is_path else file  # noqa: SIM115 - closed in finally
    try:
        handle.seek(0)
        magic = handle.read(8)
        handle.seek(0)
        if magic.startswith(_OLE_MAGIC):  # an old .xls, or a password-protected workbook
            try:
                CalamineWorkbook(handle).close()
            except FormatError as exc:
                _refuse(exc.vi, exc.en)
            return
        if not magic.startswith(_ZIP_MAGIC):
            if not csv:
                _refuse(
                    "tệp không phải là tệp Excel (chỉ nhận .xlsx, .xls; tệp .csv khi chọn loại dữ liệu "
                    "của tệp)",
                    "the file is not an Excel file (only .xlsx and .xls are accepted; a .csv file when the "
                    "kind of data it holds is chosen)",
                )
            try:
                decode(
                    handle.read(min(size, 1 << 20)).rsplit(b"\n", 1)[0] if size > 1 << 20 else handle.read()
                )
            except FormatError as exc:
                _refuse(exc.vi, exc.en)
            return
        try:
            with zipfile.ZipFile(handle) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
                    _refuse(
                        "tệp là bảng tính OpenDocument (.ods); hãy lưu lại dưới dạng .xlsx",
                        "the file is an OpenDocument spreadsheet (.ods); save it as .xlsx",
                    )
                if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                    _refuse(
                        "tệp nén không phải là bảng tính Excel .xlsx",
                        "the zip file is not an Excel .xlsx workbook",
                    )
                inflated = sum(info.file_size for info in archive.infolist())
                if inflated > min(MAX_UNCOMPRESSED, max(size, 1) * MAX_EXPANSION):
                    _refuse(
                        "tệp .xlsx giải nén ra quá lớn (nghi là tệp độc hại)",
                        "the .xlsx file expands to an excessive size (suspected zip bomb)",
                    )
        except zipfile.BadZipFile:
            _refuse("tệp .xlsx bị hỏng (không đọc được)", "the .xlsx file is corrupt (cannot be read)")
        handle.seek(0)
        try:
            try:
                # The fast reader opens only the workbook's small parts; openpyxl (which may scan the
                # whole sheet to size it) only when the fast reader cannot, for its precise message.
                FastWorkbook(handle).close()
            except XlsxError:
                handle.seek(0)
                workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
                workbook.close()
        except Exception as exc:  # openpyxl raises many types for a broken file
            _refuse(f"không mở được tệp .xlsx: {exc}", f"cannot open the .xlsx file: {exc}")
    finally:
        if is_path:
            handle.close()
        else:
            handle.seek(0)
