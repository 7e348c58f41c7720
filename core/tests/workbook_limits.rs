//! Workbook limits: a zip bomb (a sheet unpacking to far more than
//! `MAX_WORKBOOK_UNPACKED_BYTES`, whether its sizes are declared honestly
//! or not) is refused with a clear error, and reading it never holds more
//! than a few megabytes (this binary counts every allocation).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
// A counting global allocator needs `unsafe impl GlobalAlloc`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use proficient::input::workbook::{read_sheet, MAX_WORKBOOK_UNPACKED_BYTES};

/// The system allocator, counting the bytes held and their peak.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let held = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(held, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let held = if new_size >= layout.size() {
            HELD.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size()
        } else {
            HELD.fetch_sub(layout.size() - new_size, Ordering::Relaxed) - (layout.size() - new_size)
        };
        PEAK.fetch_max(held, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A minimal `.xlsx` whose first sheet's XML is a valid start followed by
/// `padding` bytes of spaces (deflated to almost nothing).
fn bomb(padding: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts: [(&str, &str); 4] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", deflated)
        .unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>worker</t></is></c></row>"#).unwrap();
    let chunk = vec![b' '; 1 << 20];
    let mut left = padding;
    while left > 0 {
        let n = left.min(chunk.len());
        zip.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    zip.write_all(b"</sheetData></worksheet>").unwrap();
    zip.finish().unwrap().into_inner()
}

/// `bytes` with every size the zip declares for an unpacked part over
/// 1 MiB set to 1000 (a lying zip: the sizes say small, the data is not).
fn lying(mut bytes: Vec<u8>) -> Vec<u8> {
    let mut patched = 0;
    // Central directory headers (PK\x01\x02): unpacked size at offset 24;
    // local headers (PK\x03\x04): at offset 22. Zip64 sizes are in extra
    // fields: none here, the part is under 4 GiB.
    for (sig, at) in [(*b"PK\x01\x02", 24usize), (*b"PK\x03\x04", 22usize)] {
        let mut i = 0;
        while i + at + 4 <= bytes.len() {
            if bytes[i..i + 4] == sig {
                let size = u32::from_le_bytes(bytes[i + at..i + at + 4].try_into().unwrap());
                if size > 1 << 20 && size != u32::MAX {
                    bytes[i + at..i + at + 4].copy_from_slice(&1000u32.to_le_bytes());
                    patched += 1;
                }
            }
            i += 1;
        }
    }
    assert!(patched >= 1, "no size to patch");
    bytes
}

#[test]
fn zip_bombs_are_refused_in_bounded_memory() {
    let padding = MAX_WORKBOOK_UNPACKED_BYTES + (16 << 20);
    let honest = bomb(padding);
    assert!(
        honest.len() < 2 << 20,
        "the bomb is small: {} bytes",
        honest.len()
    );
    let liar = lying(honest.clone());
    for (what, bytes) in [("declared", &honest), ("undeclared", &liar)] {
        PEAK.store(HELD.load(Ordering::Relaxed), Ordering::Relaxed);
        let before = HELD.load(Ordering::Relaxed);
        let e = read_sheet(bytes, None).expect_err(what);
        let peak = PEAK.load(Ordering::Relaxed) - before;
        assert_eq!(e.code, "unpacked_too_large", "{what}: {e:?}");
        assert!(
            e.message.contains("refused as a zip bomb")
                && e.message.contains(&MAX_WORKBOOK_UNPACKED_BYTES.to_string()),
            "{what}: {}",
            e.message
        );
        // The bomb is about 1 MB and unpacks to 272 MiB: reading it held
        // at most 8 MiB (the zip's directory, a 16 KiB buffer, the
        // decompressor's state).
        assert!(peak < 8 << 20, "{what}: peak {peak} bytes");
    }
}

#[test]
fn a_workbook_within_the_limits_reads() {
    // The same shape, small: read, its one cell the header.
    let sheet = read_sheet(&bomb(1000), None).unwrap();
    assert_eq!(sheet.name, "Sheet1");
    assert_eq!(sheet.header_row(), 1);
    assert_eq!(sheet.columns, [1]);
}

/// A minimal `.ods` whose sheet `Log` has a header row, then one row of
/// `cols` cells holding `1` (one cell element, repeated) repeated over
/// `rows` rows: a few hundred bytes that a dense reader expands to
/// `rows` × `cols` cells.
fn repeated_ods(rows: u64, cols: u64) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Log"><table:table-row><table:table-cell office:value-type="string"><text:p>worker</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="{cols}"><text:p>1</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16000"/></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_ods_sheet_of_too_many_repeated_cells_is_refused_in_bounded_memory() {
    // The header and 4,000 rows × 4,000 cells: a used area of 4,001 ×
    // 4,000 = 16,004,000 cells, from 1 KB; the empty repeated cells and
    // rows after them do not count.
    let bytes = repeated_ods(4000, 4000);
    assert!(bytes.len() < 4000, "{} bytes", bytes.len());
    PEAK.store(HELD.load(Ordering::Relaxed), Ordering::Relaxed);
    let before = HELD.load(Ordering::Relaxed);
    let e = read_sheet(&bytes, Some("Log")).unwrap_err();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert_eq!(e.code, "too_many_cells", "{e:?}");
    assert_eq!(
        e.message,
        "sheet `Log` of a used area of 16004000 cells (repeated cells counted), expected at most 10000000 (save larger tables as CSV, which is read as a stream)"
    );
    assert!(peak < 8 << 20, "peak {peak} bytes");
}

#[test]
fn an_ods_sheet_of_repeated_cells_within_the_limit_reads() {
    // 3 rows × 2 cells of `1` under the header; the trailing empty
    // repeated cells and rows are nothing.
    let sheet = read_sheet(&repeated_ods(3, 2), None).unwrap();
    assert_eq!(sheet.name, "Log");
    assert_eq!(sheet.columns, [1, 2]);
    let rows: Vec<usize> = sheet.rows.iter().map(|(r, _)| *r).collect();
    assert_eq!(rows, [1, 2, 3, 4]);
}
