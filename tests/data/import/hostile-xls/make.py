#!/usr/bin/env python3
"""Writes the hostile .xls workbooks beside this script: each a few KB to a few hundred KB that
made calamine 0.35's .xls reader take gigabytes of memory or minutes, before perf-eval checked
.xls files ahead of it (src/import/xls.rs), or panic. tests/import.rs runs perf-eval on each;
tests/serve.rs uploads the one that panics.

Run: python3 tests/data/import/hostile-xls/make.py

The format: MS-CFB (https://learn.microsoft.com/openspecs/windows_protocols/ms-cfb) holding a
BIFF8 Workbook stream (https://learn.microsoft.com/openspecs/office_file_formats/ms-xls).
"""
import os
import struct

OUT = os.path.dirname(os.path.abspath(__file__))

def rec(typ, data=b""):
    return struct.pack("<HH", typ, len(data)) + data

def bof(dt):  # BIFF8 BOF: vers 0x0600, dt 0x0005 globals / 0x0010 sheet
    return rec(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 0x0206))

EOF_ = rec(0x000A)

def ustr16(s):  # XLUnicodeString: cch u16, flags, UTF-16LE
    return struct.pack("<HB", len(s), 1) + s.encode("utf-16-le")

def label(row, col, s):
    return rec(0x0204, struct.pack("<HHH", row, col, 0) + ustr16(s))

def number(row, col, v):
    return rec(0x0203, struct.pack("<HHHd", row, col, 0, v))

def labelsst(row, col, i):
    return rec(0x00FD, struct.pack("<HHHI", row, col, 0, i))

def dims(rf, rl, cf, cl):
    return rec(0x0200, struct.pack("<IIHHH", rf, rl, cf, cl, 0))

def boundsheet(pos, name):
    return rec(0x0085, struct.pack("<IBB", pos, 0, 0) + struct.pack("<BB", len(name), 1) + name.encode("utf-16-le"))

def workbook(sheets, globals_extra=b""):
    """sheets: list of (name, body-bytes between sheet BOF and EOF)."""
    # globals with placeholder positions, fixed size
    def glob(positions):
        g = bof(0x0005) + rec(0x0042, struct.pack("<H", 1200)) + globals_extra
        for (name, _), pos in zip(sheets, positions):
            g += boundsheet(pos, name)
        return g + EOF_
    g = glob([0] * len(sheets))
    pos, positions = len(g), []
    streams = b""
    for name, body in sheets:
        positions.append(pos + len(streams))
        streams += bof(0x0010) + body + EOF_
    return glob(positions) + streams

def cfb(stream, name="Workbook", hook=None):
    """A CFB file holding one stream in regular sectors (padded to 4096 bytes at least)."""
    S = 512
    size = len(stream)
    stream = stream + b"\0" * ((-len(stream)) % S)
    if len(stream) < 4096:
        stream += b"\0" * (4096 - len(stream))
        size = max(size, 4096)
    n = len(stream) // S
    # sector layout: 0..n-1 stream, n directory, n+1.. FAT sectors
    nsect = n + 1
    fat_sectors = 1
    while (nsect + fat_sectors) > fat_sectors * 128:
        fat_sectors += 1
    fat = [i + 1 for i in range(n - 1)] + [0xFFFFFFFE]  # stream chain
    fat += [0xFFFFFFFE]  # directory
    fat += [0xFFFFFFFD] * fat_sectors
    fat += [0xFFFFFFFF] * (fat_sectors * 128 - len(fat))
    dir_sector = n
    def entry(nm, typ, start, sz, child=0xFFFFFFFF):
        e = nm.encode("utf-16-le") + b"\0\0"
        e = e.ljust(64, b"\0")
        e += struct.pack("<HBB", len(nm) * 2 + 2, typ, 1)
        e += struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child)
        e += b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        e += struct.pack("<II", start, sz) + b"\0" * 4
        assert len(e) == 128
        return e
    d = entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1) + entry(name, 2, 0, size)
    d += (b"\0" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF) + b"\0" * 48) * 2
    difat = [n + 1 + i for i in range(fat_sectors)]
    assert fat_sectors <= 109
    h = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16
    h += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    h += struct.pack("<IIIIIIIII", 0, fat_sectors, dir_sector, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    h += b"".join(struct.pack("<I", x) for x in difat + [0xFFFFFFFF] * (109 - len(difat)))
    assert len(h) == 512
    fatb = b"".join(struct.pack("<I", x) for x in fat)
    parts = {"header": h, "stream": stream, "dir": d, "fat": fatb}
    if hook:
        hook(parts, n)
    return parts["header"] + parts["stream"] + parts["dir"] + parts["fat"]

def write(path, data):
    open(path, "wb").write(data)
    print(path, len(data))

# The workbooks. What each cost calamine 0.35 and the import before the check (perf-eval's debug
# build, under a 4 GB address-space limit): an abort when memory ran out for huge-dimensions,
# column-65535 and both chain loops; 1 GB for far-corner-cell; 870 MB for
# shared-string-4000-times; 6 s for formula-spaces (a second per 330 tokens, growing with their
# square); over a minute for overlapping-merges; 1 GB for sheets-share-records; the CONTINUE flood costs the square of its
# length (0.45 s here, 4.4 s at 100,000). sst-claims-2g-strings costs nothing: the declared count
# is not trusted.

def plain(body, extra=b""):
    return cfb(workbook([("自评表", body)], extra))

# DIMENSIONS claiming 2^32-1 rows by 256 columns (the reader reserves room for them all).
write(f"{OUT}/huge-dimensions.xls", plain(dims(0, 0xFFFFFFFF, 0, 256) + label(0, 0, "项目名称")))
# DIMENSIONS whose last row lies above its first (rows - first wraps round).
write(f"{OUT}/inverted-dimensions.xls", plain(dims(10, 5, 0, 2) + label(0, 0, "项目名称")))
# Two cells at opposite corners: A1 and IV65536; the dense grid is 65536 × 256.
write(f"{OUT}/far-corner-cell.xls", plain(label(0, 0, "项目名称") + number(65535, 255, 1.0)))
# A cell in column 65535, which BIFF8 does not have (256 columns): 65536 × 65536 grid.
write(f"{OUT}/column-65535.xls", plain(label(0, 0, "项目名称") + number(65535, 65535, 1.0)))
# SST of one 32767-character string (in CONTINUE records) referenced by 4000 cells.
s = "评" * 32767
raw = struct.pack("<II", 4000, 1) + struct.pack("<HB", len(s), 1) + s.encode("utf-16-le")
sst = rec(0x00FC, raw[:8223])
rest = raw[8223:]
while rest:
    chunk = rest[:8222]
    rest = rest[8222:]
    sst += rec(0x003C, b"\x01" + chunk)
cells = b"".join(labelsst(r, 0, 0) for r in range(4000))
write(f"{OUT}/shared-string-4000-times.xls", plain(cells, sst))
# SST declaring 2^31 strings while holding one.
sst2 = rec(0x00FC, struct.pack("<II", 2**31, 2**31) + struct.pack("<HB", 4, 1) + "项目名称".encode("utf-16-le"))
write(f"{OUT}/sst-claims-2g-strings.xls", plain(labelsst(0, 0, 0) + labelsst(1, 0, 5), sst2))
# SST followed by 40,000 empty CONTINUE records.
sst3 = rec(0x00FC, struct.pack("<II", 1, 1) + struct.pack("<HB", 1, 0) + b"A") + rec(0x003C) * 40000
write(f"{OUT}/sst-continue-flood.xls", plain(labelsst(0, 0, 0), sst3))
# A formula whose tokens are mostly PtgAttrSpace (255 spaces each, inserted at the front).
toks = b"\x1e\x01\x00" + b"\x19\x40\x00\xff" * 2000
def formula(row, col, rgce):
    return rec(0x0006, struct.pack("<HHH", row, col, 0) + struct.pack("<d", 1.0) + struct.pack("<HI", 0, 0) + struct.pack("<H", len(rgce)) + rgce)
write(f"{OUT}/formula-spaces.xls", plain(formula(0, 1, toks)))
# 16,000 merged regions, each over the whole grid a table may take (A1:CV5000), over and over.
merge = rec(0x00E5, struct.pack("<H", 8000) + struct.pack("<HHHH", 0, 4999, 0, 99) * 8000)
write(f"{OUT}/overlapping-merges.xls", plain(label(0, 0, "项目名称") + number(4999, 0, 1.0) + merge * 2))
# 3,000 sheets sent to the same records: A1 and IV40, a grid of 40 × 256 built 3,000 times.
names = [f"S{i}" for i in range(1, 3001)]
head = bof(0x0005) + rec(0x0042, struct.pack("<H", 1200))
body = bof(0x0010) + label(0, 0, "项目名称") + number(39, 255, 1.0) + EOF_
at = len(head) + sum(len(boundsheet(0, n)) for n in names) + len(EOF_)
shared = head + b"".join(boundsheet(at, n) for n in names) + EOF_ + body
write(f"{OUT}/sheets-share-records.xls", cfb(shared))
# Directory chain that loops onto itself.
def loop_dir(parts, n):
    fat = bytearray(parts["fat"]); struct.pack_into("<I", fat, 4 * n, n); parts["fat"] = bytes(fat)
write(f"{OUT}/directory-chain-loop.xls", cfb(workbook([("自评表", label(0, 0, "项目名称"))]), hook=loop_dir))
# Workbook stream chain that loops back to its first sector, claiming 4 GB.
def loop_stream(parts, n):
    fat = bytearray(parts["fat"]); struct.pack_into("<I", fat, 4 * (n - 1), 0); parts["fat"] = bytes(fat)
    d = bytearray(parts["dir"]); struct.pack_into("<I", d, 128 + 120, 0xFFFFFFF0); parts["dir"] = bytes(d)
write(f"{OUT}/stream-chain-loop.xls", cfb(workbook([("自评表", label(0, 0, "项目名称"))]), hook=loop_stream))
# A NAME record of two bytes, shorter than its fixed fields: calamine 0.35 indexes past its end
# and panics while opening the workbook.
write(f"{OUT}/name-record-too-short.xls", plain(label(0, 0, "项目名称"), rec(0x0018, b"\0\0")))
