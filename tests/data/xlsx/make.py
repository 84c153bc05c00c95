#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/data/xlsx/make.py: writes the xlsx reader's fixtures (tests/test_xlsx.c,
tests/xlsx/conformance.sh) into this folder.  The workbooks are committed; the
tests never run this.  Needs Debian's python3-xlsxwriter and python3-openpyxl
(run with /usr/bin/python3, whose modules they are).

Workbooks written by a spreadsheet library:
  gtd_like.xlsx     chart sheets first, an empty worksheet, then an incident
                    table as the GTD has it (ids, year/month/day, a date, country,
                    counts with blanks, a text summary, a boolean, #N/A), two
                    leading empty rows, sparse rows and a hidden sheet last
  date1904.xlsx     the 1904 date system: dates, date-times, a time, numbers
  inline.xlsx       inline strings (xlsxwriter's constant_memory mode)
  merged.xlsx       merged header cells over a two-row header (openpyxl)
  leap1900.xlsx     serials 59, 60 (1900-02-29, which never was), 61 with a date
                    format, a custom format with quoted and bracketed letters
  big.xlsx          30,000 rows, so that the sheet is inflated on a second
                    thread and parsed across many chunks
Hand-made, damaged or hostile (tests/test_xlsx.c expects their errors):
  bad_*.xlsx        see HOSTILE below
"""
import datetime
import io
import os
import struct
import zipfile
import zlib

import openpyxl
import xlsxwriter
from openpyxl.styles import Alignment

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def gtd_like():
    wb = xlsxwriter.Workbook(path("gtd_like.xlsx"))
    # xlsxwriter orders sheets as added: the chart sheets come first
    c1 = wb.add_chartsheet("Chart killed")
    c2 = wb.add_chartsheet("Chart wounded")
    wb.add_worksheet("Empty")
    data = wb.add_worksheet("Incidents")
    notes = wb.add_worksheet("Notes")
    notes.hide()
    datefmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    header = ["eventid", "iyear", "imonth", "iday", "date", "country_txt", "nkill", "nwound",
              "summary", "doubtterr", "success", "propvalue"]
    data.write_row(2, 0, header)  # rows 1 and 2 stay empty
    rows = [
        (197001000001, 1970, 7, 2, datetime.date(1970, 7, 2), "Dominican Republic", 1, 0,
         "1/1/1970: Unknown African American assailants fired several bullets at police.", 0, True, -99),
        (197001000002, 1970, 0, 0, None, "Mexico", 0, None,
         "", 0, True, None),
        (201712310032, 2017, 12, 31, datetime.date(2017, 12, 31), "Iraq", 2.5, 7,
         'Tab\there, "quotes", <angle> & ampersand; naïve café – ünïcödé 日本', 1, False, 3.14159),
    ]
    for r, row in enumerate(rows, start=3):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, datetime.date):
                data.write_datetime(r, c, datetime.datetime(v.year, v.month, v.day), datefmt)
            elif isinstance(v, bool):
                data.write_boolean(r, c, v)
            elif v == "":
                continue
            else:
                data.write(r, c, v)
    # a sparse row after a gap: only H and J, far apart from the rest
    data.write_number(8, 7, 12)
    data.write_string(8, 9, "x")
    # #N/A and a formula's string
    data.write_formula(9, 0, "=NA()", None, "#N/A")
    data.write_formula(9, 1, '="a"&"b"', None, "ab")
    notes.write(0, 0, "hidden notes")
    for cs, col in ((c1, "G"), (c2, "H")):
        ch = wb.add_chart({"type": "column"})
        ch.add_series({"values": "=Incidents!$%s$4:$%s$6" % (col, col)})
        cs.set_chart(ch)
    wb.close()


def date1904():
    wb = xlsxwriter.Workbook(path("date1904.xlsx"), {"date_1904": True})
    ws = wb.add_worksheet("Dates")
    d = wb.add_format({"num_format": "dd/mm/yyyy"})
    dt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    t = wb.add_format({"num_format": "h:mm"})
    ws.write_row(0, 0, ["date", "datetime", "time", "number"])
    ws.write_datetime(1, 0, datetime.datetime(2004, 6, 18), d)
    ws.write_datetime(1, 1, datetime.datetime(2004, 6, 18, 14, 30, 5), dt)
    ws.write_datetime(1, 2, datetime.time(12, 0), t)
    ws.write_number(1, 3, 38156)
    ws.write_datetime(2, 0, datetime.datetime(1904, 1, 1), d)
    ws.write_datetime(2, 1, datetime.datetime(2024, 2, 29, 23, 59), dt)
    ws.write_number(2, 3, 0.1)
    wb.close()


def inline():
    wb = xlsxwriter.Workbook(path("inline.xlsx"), {"constant_memory": True})
    ws = wb.add_worksheet("Inline")
    ws.write_row(0, 0, ["name", "note", "n"])
    ws.write_row(1, 0, ["Peshawar", "line one\nline two", 3])
    ws.write_row(2, 0, ["  padded  ", "_x000D_ literal", 4])
    ws.write_row(3, 0, ["Ürümqi", "", 5])
    wb.close()


def merged():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Merged"
    ws["A1"] = "Incident"
    ws.merge_cells("A1:A2")
    ws["B1"] = "Casualties"
    ws.merge_cells("B1:C1")
    ws["B2"] = "killed"
    ws["C2"] = "wounded"
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["I-1", 3, 4])
    ws.append(["I-2", 0, 1])
    wb.save(path("merged.xlsx"))


def leap1900():
    wb = xlsxwriter.Workbook(path("leap1900.xlsx"))
    ws = wb.add_worksheet("Leap")
    d = wb.add_format({"num_format": "yyyy-mm-dd"})
    quoted = wb.add_format({"num_format": '0.0 "days"'})
    colour = wb.add_format({"num_format": "[Red]0;[Blue]-0"})
    elapsed = wb.add_format({"num_format": "[h]:mm"})
    ws.write_row(0, 0, ["serial", "as date", "quoted", "coloured", "elapsed"])
    for r, s in enumerate((59, 60, 61, 1, 0.5), start=1):
        ws.write_number(r, 0, s)
        ws.write_number(r, 1, s, d)
    ws.write_number(1, 2, 12.5, quoted)
    ws.write_number(1, 3, 7, colour)
    ws.write_number(1, 4, 1.25, elapsed)
    wb.close()


def big():
    wb = xlsxwriter.Workbook(path("big.xlsx"))
    ws = wb.add_worksheet("Big")
    ws.write_row(0, 0, ["id", "year", "killed", "place"])
    places = ["Karachi", "Quetta", "Peshawar", "Lahore", "Kabul"]
    for r in range(1, 30001):
        ws.write_number(r, 0, r)
        ws.write_number(r, 1, 1970 + r % 48)
        if r % 7:
            ws.write_number(r, 2, (r * 37) % 11)
        ws.write_string(r, 3, places[r % 5])
    wb.close()


# ---- hand-made workbooks --------------------------------------------------

CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
      'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
      'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
WBRELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
          'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
          'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
          '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
          'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
SST = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
       'spreadsheetml/2006/main"><si><t>a</t></si><si><t>b</t></si></sst>')


def sheet(rows):
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % rows)


def book(name, sheet_xml, extra=None, method=zipfile.ZIP_DEFLATED):
    parts = {"[Content_Types].xml": CT, "_rels/.rels": RELS, "xl/workbook.xml": WB,
             "xl/_rels/workbook.xml.rels": WBRELS, "xl/sharedStrings.xml": SST,
             "xl/worksheets/sheet1.xml": sheet_xml}
    parts.update(extra or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for k, v in parts.items():
            z.writestr(k, v)
    data = buf.getvalue()
    if name:
        with open(path(name), "wb") as f:
            f.write(data)
    return data


def patch_central(data, part, field_offset, value):
    """Overwrite a 4-byte field of part's central directory entry."""
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        n = struct.unpack("<H", data[at + 28:at + 30])[0]
        if data[at + 46:at + 46 + n] == part.encode():
            return data[:at + field_offset] + struct.pack("<I", value) + data[at + field_offset + 4:]
        at += 4


HOSTILE = {
    "bad_shared_index.xlsx": sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>7</v></c></row>'),
    "bad_ref_col.xlsx": sheet('<row r="1"><c r="A1"><v>1</v></c><c r="XFE1"><v>2</v></c></row>'),
    "bad_ref_row.xlsx": sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048577"><c r="A1048577"><v>2</v></c></row>'),
    "bad_order.xlsx": sheet('<row r="5"><c r="A5"><v>1</v></c></row><row r="3"><c r="A3"><v>2</v></c></row>'),
    "bad_number.xlsx": sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="C2"><v>12abc</v></c></row>'),
    "bad_xml.xlsx": sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</c></row>'),
    "bad_bool.xlsx": sheet('<row r="1"><c r="A1" t="b"><v>maybe</v></c></row>'),
    "bad_row_cell.xlsx": sheet('<row r="2"><c r="A3"><v>1</v></c></row>'),
}


def hostile():
    for name, xml in HOSTILE.items():
        book(name, xml)
    good = sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>')
    # an entry whose directory declares fewer bytes than it inflates to
    data = book(None, good)
    real = len(good)
    with open(path("bad_size.xlsx"), "wb") as f:
        f.write(patch_central(data, "xl/worksheets/sheet1.xml", 24, real - 10))
    # a zip bomb: 64 MiB of spaces in the sheet, declared as 100 bytes
    bomb = sheet('<row r="1"><c r="A1"><v>1</v></c></row>' + " " * (64 << 20))
    data = book(None, bomb)
    with open(path("bad_bomb.xlsx"), "wb") as f:
        f.write(patch_central(data, "xl/worksheets/sheet1.xml", 24, 100))
    # a declared size deflate cannot reach from the compressed size
    with open(path("bad_ratio.xlsx"), "wb") as f:
        f.write(patch_central(book(None, good), "xl/worksheets/sheet1.xml", 24, 0xFFFFFFF0))
    # a wrong CRC-32
    with open(path("bad_crc.xlsx"), "wb") as f:
        f.write(patch_central(book(None, good), "xl/worksheets/sheet1.xml", 16, 0x12345678))
    # truncated: the directory is gone
    with open(path("bad_truncated.xlsx"), "wb") as f:
        f.write(book(None, good)[:300])
    # an OLE2 container (what an encrypted workbook or an .xls is)
    with open(path("bad_ole2.xlsx"), "wb") as f:
        f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504)
    # a zip without a workbook
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    with open(path("bad_noworkbook.xlsx"), "wb") as f:
        f.write(buf.getvalue())
    # stored (not deflated) entries read as well
    book("stored.xlsx", good, method=zipfile.ZIP_STORED)


if __name__ == "__main__":
    gtd_like()
    date1904()
    inline()
    merged()
    leap1900()
    big()
    hostile()
