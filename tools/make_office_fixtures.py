#!/usr/bin/env python3
"""Make the office-format copies of the sample's tables with real office tools.

From fixtures/sample/tables/export.xlsx (written by `cargo run --example tables`) this makes,
beside it:

  export.xls            LibreOffice: soffice --headless --convert-to xls
  export.et             a byte-for-byte copy of export.xls (WPS's .et is the same compound file)
  export.ods            LibreOffice: soffice --headless --convert-to ods
  per-table/*.xlsx      openpyxl: one workbook per table, named by the table's Chinese name,
                        its one sheet left as "Sheet1" (as Excel and WPS name a new sheet)
  csv-with-times/*.csv  openpyxl gives every date cell a date-and-time format
                        (clues and petitions: yyyy/m/d h:mm, the rest: yyyy-mm-dd hh:mm:ss);
                        LibreOffice then writes each sheet as UTF-8 CSV "as shown", so dates
                        read `2021-03-22 00:00:00` or `2021/3/22 0:00`
  ../../not-exports/说明.docx      python-docx: a one-paragraph Word document
  ../../not-exports/截图.png       LibreOffice: that document converted to PNG

Needs LibreOffice (Debian: apt-get install libreoffice-calc libreoffice-writer libreoffice-draw,
the last for PNG export) and
`pip install openpyxl python-docx`. Run from the repository root:
    python3 tools/make_office_fixtures.py
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
import openpyxl

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "fixtures/sample/tables"
NOT_EXPORTS = ROOT / "fixtures/not-exports"
SOURCE = TABLES / "export.xlsx"

CHINESE = {
    "rounds": "轮次",
    "units": "单位名录",
    "cases": "案卷",
    "clues": "问题线索",
    "petitions": "信访件",
    "team_members": "巡视干部",
    "intake_briefings": "巡前通报",
    "assessments": "问题研判",
    "ledger_submissions": "整改台账",
    "secretary_points": "点人点事",
    "urgent_matters": "紧急问题",
    "rectification_reviews": "整改审核会",
    "problems": "发现问题",
    "accountability": "问责",
}

# LibreOffice's CSV export options: comma, double quote, UTF-8 (76), from line 1, no cell
# formats, default language, unquoted numbers, detect special numbers, save cell contents as
# shown (so a date cell is written in its format), no formulas, no trimming, every sheet (-1).
CSV_ALL_SHEETS_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def soffice(target: str, source: Path, outdir: Path) -> None:
    subprocess.run(
        ["soffice", "--headless", "--convert-to", target, "--outdir", str(outdir), str(source)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def converted_workbooks() -> None:
    soffice("xls", SOURCE, TABLES)
    soffice("ods", SOURCE, TABLES)
    shutil.copyfile(TABLES / "export.xls", TABLES / "export.et")


def one_workbook_per_table() -> None:
    out = TABLES / "per-table"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    source = openpyxl.load_workbook(SOURCE)
    for sheet in source.worksheets:
        book = openpyxl.Workbook()
        target = book.active
        target.title = "Sheet1"
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                copy = target.cell(row=cell.row, column=cell.column, value=cell.value)
                copy.number_format = cell.number_format
        book.save(out / f"{CHINESE[sheet.title]}.xlsx")


def csv_with_times() -> None:
    out = TABLES / "csv-with-times"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    with tempfile.TemporaryDirectory() as tmp:
        timed = Path(tmp) / "timed.xlsx"
        book = openpyxl.load_workbook(SOURCE)
        for sheet in book.worksheets:
            short = sheet.title in ("clues", "petitions")
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.is_date:
                        cell.number_format = "yyyy/m/d h:mm" if short else "yyyy-mm-dd hh:mm:ss"
        book.save(timed)
        soffice(CSV_ALL_SHEETS_AS_SHOWN, timed, Path(tmp))
        for sheet in book.sheetnames:
            shutil.copyfile(Path(tmp) / f"timed-{sheet}.csv", out / f"{sheet}.csv")


def not_exports() -> None:
    NOT_EXPORTS.mkdir(exist_ok=True)
    document = docx.Document()
    document.add_paragraph("巡视工作说明：本文件不是导出数据。")
    word = NOT_EXPORTS / "说明.docx"
    document.save(word)
    with tempfile.TemporaryDirectory() as tmp:
        soffice("png", word, Path(tmp))
        shutil.copyfile(Path(tmp) / "说明.png", NOT_EXPORTS / "截图.png")


def main() -> int:
    converted_workbooks()
    one_workbook_per_table()
    csv_with_times()
    not_exports()
    return 0


if __name__ == "__main__":
    sys.exit(main())
