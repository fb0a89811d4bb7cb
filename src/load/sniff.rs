//! What a file is, told by its content; the extension only breaks ties ("Containers" in
//! export-format.md: a workbook renamed, or JSON Lines named `.txt`, is still read as what it is).
//!
//! A ZIP container is told by its parts (`xl/workbook.xml`, `xl/workbook.bin`, an OpenDocument
//! `mimetype`, `word/`…), a compound file (OLE, the legacy `.xls`/`.et` container) by the streams
//! its directory names, other binary formats by their magic bytes, and text by its shape (JSON,
//! JSON Lines, YAML, CSV). Only the head of a file is read, plus the parts of a ZIP's central
//! directory or an OLE directory a classification needs: a large JSON Lines export is never read
//! whole just to learn it is one.

use std::io::{Read, Seek, SeekFrom};

use super::Format;
use crate::text::Msg;

/// How much of a file's start the text and magic tests look at.
const HEAD_BYTES: usize = 64 << 10;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// A workbook format calamine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Book {
    /// Office Open XML: `.xlsx`, `.xlsm` (and WPS files saved in that format).
    Xlsx,
    /// Excel's binary workbook, `.xlsb`.
    Xlsb,
    /// OpenDocument spreadsheet, `.ods`.
    Ods,
    /// A compound file holding a BIFF workbook: `.xls`, WPS `.et`/`.ett`.
    Xls,
}

impl Book {
    /// The workbook an extension names, if any.
    pub fn from_extension(ext: &str) -> Option<Book> {
        match ext {
            "xlsx" | "xlsm" | "xltx" | "xltm" => Some(Book::Xlsx),
            "xlsb" => Some(Book::Xlsb),
            "ods" | "ots" => Some(Book::Ods),
            "xls" | "xlt" | "et" | "ett" => Some(Book::Xls),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Book::Xlsx => "XLSX",
            Book::Xlsb => "XLSB",
            Book::Ods => "ODS",
            Book::Xls => "XLS",
        }
    }
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JSON, JSON Lines or YAML records.
    Text(Format),
    /// One CSV table.
    Csv,
    Workbook(Book),
    /// No kind an export comes in: what it looks like, for the message.
    Other(Other),
}

impl Kind {
    /// Whether the content alone says this is an export, whatever the file's name: a folder walk
    /// reads a file of another extension only then (a README is not YAML, a log not CSV).
    pub fn is_clear_without_extension(self) -> bool {
        matches!(
            self,
            Kind::Workbook(_) | Kind::Text(Format::Json | Format::JsonLines)
        )
    }
}

/// A file that is no export, by what it looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Other {
    Word,
    PowerPoint,
    OfficeOpenXml,
    OpenDocumentText,
    OpenDocumentPresentation,
    OpenDocument,
    ZipArchive,
    DamagedZip,
    Encrypted,
    Compound,
    Pdf,
    Png,
    Jpeg,
    Gif,
    Tiff,
    Webp,
    Gzip,
    SevenZip,
    Rar,
    Executable,
    Html,
    SpreadsheetMl2003,
    Xml,
    Rtf,
    Binary,
    Text,
    Empty,
    LockFile,
}

impl Other {
    /// What the file looks like, as a message completes "it looks like …" / "看起来是……".
    pub fn describe(self) -> Msg {
        let (zh, en) = match self {
            Other::Word => ("Word 文档", "a Word document"),
            Other::PowerPoint => ("PowerPoint 演示文稿", "a PowerPoint presentation"),
            Other::OfficeOpenXml => (
                "Office Open XML 文件（不是工作簿）",
                "an Office Open XML file that is not a workbook",
            ),
            Other::OpenDocumentText => (
                "OpenDocument 文本文档（.odt）",
                "an OpenDocument text document (.odt)",
            ),
            Other::OpenDocumentPresentation => (
                "OpenDocument 演示文稿（.odp）",
                "an OpenDocument presentation (.odp)",
            ),
            Other::OpenDocument => (
                "OpenDocument 文件（不是电子表格）",
                "an OpenDocument file that is not a spreadsheet",
            ),
            Other::ZipArchive => ("ZIP 压缩包", "a ZIP archive"),
            Other::DamagedZip => ("损坏的 ZIP 文件", "a damaged ZIP file"),
            Other::Encrypted => (
                "设有打开密码的 Office 文件（请先取消密码再导出）",
                "a password-protected Office file (remove the password first)",
            ),
            Other::Compound => (
                "不含工作簿的 OLE 复合文档（旧版 Office 格式）",
                "an OLE compound file (an old Office format) holding no workbook",
            ),
            Other::Pdf => ("PDF 文档", "a PDF document"),
            Other::Png => ("PNG 图片", "a PNG image"),
            Other::Jpeg => ("JPEG 图片", "a JPEG image"),
            Other::Gif => ("GIF 图片", "a GIF image"),
            Other::Tiff => ("TIFF 图片", "a TIFF image"),
            Other::Webp => ("WebP 图片", "a WebP image"),
            Other::Gzip => ("gzip 压缩文件", "a gzip-compressed file"),
            Other::SevenZip => ("7z 压缩包", "a 7z archive"),
            Other::Rar => ("RAR 压缩包", "a RAR archive"),
            Other::Executable => ("可执行程序", "an executable program"),
            Other::Html => (
                "HTML 网页（有的系统把网页表格存成 .xls；请在表格软件中另存为 .xlsx）",
                "an HTML page (some systems save a web-page table under a spreadsheet's name; save it as .xlsx from a spreadsheet program)",
            ),
            Other::SpreadsheetMl2003 => (
                "Excel 2003 XML 表格（不支持；请另存为 .xlsx）",
                "an Excel 2003 XML spreadsheet (not supported; save it as .xlsx)",
            ),
            Other::Xml => ("XML 文件", "an XML file"),
            Other::Rtf => ("RTF 文档", "an RTF document"),
            Other::Binary => ("未知格式的二进制数据", "binary data of no known kind"),
            Other::Text => (
                "文本，但不是 JSON、JSON Lines、YAML 或 CSV",
                "text, but not JSON, JSON Lines, YAML or CSV",
            ),
            Other::Empty => ("空文件", "an empty file"),
            Other::LockFile => (
                "办公软件打开文档时留下的锁定文件",
                "the lock file an office program leaves while a document is open",
            ),
        };
        Msg::new(zh, en)
    }
}

impl Other {
    /// "it looks like …" / "看起来是……", spaced as Chinese text spaces a Latin word.
    pub fn looks_like(self) -> Msg {
        let what = self.describe();
        let space = if what.zh.starts_with(|c: char| c.is_ascii()) {
            " "
        } else {
            ""
        };
        Msg::new(
            format!("看起来是{space}{}", what.zh),
            format!("it looks like {}", what.en),
        )
    }
}

/// What the file's name suggests: its extension, lower-cased.
pub fn hint(path: &std::path::Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "json" => Some(Kind::Text(Format::Json)),
        "jsonl" | "ndjson" => Some(Kind::Text(Format::JsonLines)),
        "yaml" | "yml" => Some(Kind::Text(Format::Yaml)),
        "csv" => Some(Kind::Csv),
        other => Book::from_extension(other).map(Kind::Workbook),
    }
}

/// Whether a file name is an office program's lock file (`~$book.xlsx` of Excel and WPS,
/// `.~lock.book.ods#` of LibreOffice): it sits beside an open document and is none.
pub fn is_lock_file(name: &str) -> bool {
    name.starts_with("~$") || (name.starts_with(".~lock.") && name.ends_with('#'))
}

/// The kind of the file `path`, `hint` being what its name suggests.
pub fn sniff_path(path: &std::path::Path, hint: Option<Kind>) -> std::io::Result<Kind> {
    let file = std::fs::File::open(path)?;
    sniff(std::io::BufReader::new(file), hint)
}

/// The kind of bytes already in memory (standard input).
pub fn sniff_bytes(bytes: &[u8], hint: Option<Kind>) -> Kind {
    // Reading from memory cannot fail.
    sniff(std::io::Cursor::new(bytes), hint).unwrap_or(Kind::Other(Other::Binary))
}

fn sniff<R: Read + Seek>(mut reader: R, hint: Option<Kind>) -> std::io::Result<Kind> {
    let mut head = Vec::new();
    (&mut reader)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)?;
    if head.starts_with(ZIP_MAGIC) || head.starts_with(EMPTY_ZIP_MAGIC) {
        reader.seek(SeekFrom::Start(0))?;
        return Ok(zip_kind(reader, hint));
    }
    if head.starts_with(OLE_MAGIC) {
        reader.seek(SeekFrom::Start(0))?;
        return compound_kind(reader, hint);
    }
    if let Some(other) = magic(&head) {
        return Ok(Kind::Other(other));
    }
    Ok(text_kind(&head, hint))
}

/// Binary formats told by their first bytes.
fn magic(head: &[u8]) -> Option<Other> {
    const MAGIC: &[(&[u8], Other)] = &[
        (b"%PDF-", Other::Pdf),
        (b"\x89PNG\r\n\x1a\n", Other::Png),
        (b"\xFF\xD8\xFF", Other::Jpeg),
        (b"GIF87a", Other::Gif),
        (b"GIF89a", Other::Gif),
        (b"II*\0", Other::Tiff),
        (b"MM\0*", Other::Tiff),
        (b"\x1F\x8B", Other::Gzip),
        (b"7z\xBC\xAF\x27\x1C", Other::SevenZip),
        (b"Rar!\x1A\x07", Other::Rar),
        (b"\x7FELF", Other::Executable),
    ];
    if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        return Some(Other::Webp);
    }
    MAGIC
        .iter()
        .find(|(m, _)| head.starts_with(m))
        .map(|(_, other)| *other)
}

/// A ZIP container, by its parts. One that cannot be read as a ZIP is a workbook if its name
/// says so (reading it then reports why it is broken, as a finding), else a damaged ZIP.
fn zip_kind<R: Read + Seek>(reader: R, hint: Option<Kind>) -> Kind {
    let Ok(mut zip) = zip::ZipArchive::new(reader) else {
        return match hint {
            Some(Kind::Workbook(book)) => Kind::Workbook(book),
            _ => Kind::Other(Other::DamagedZip),
        };
    };
    let has = |zip: &zip::ZipArchive<R>, name: &str| zip.index_for_name(name).is_some();
    if has(&zip, "xl/workbook.xml") {
        return Kind::Workbook(Book::Xlsx);
    }
    if has(&zip, "xl/workbook.bin") {
        return Kind::Workbook(Book::Xlsb);
    }
    if let Some(mime) = mimetype(&mut zip) {
        return match mime.as_str() {
            "application/vnd.oasis.opendocument.spreadsheet" => Kind::Workbook(Book::Ods),
            "application/vnd.oasis.opendocument.text" => Kind::Other(Other::OpenDocumentText),
            "application/vnd.oasis.opendocument.presentation" => {
                Kind::Other(Other::OpenDocumentPresentation)
            }
            _ => Kind::Other(Other::OpenDocument),
        };
    }
    let any_under = |prefix: &str| {
        zip.file_names_raw()
            .any(|name| name.starts_with(prefix.as_bytes()))
    };
    if any_under("word/") {
        Kind::Other(Other::Word)
    } else if any_under("ppt/") {
        Kind::Other(Other::PowerPoint)
    } else if has(&zip, "[Content_Types].xml") {
        Kind::Other(Other::OfficeOpenXml)
    } else {
        Kind::Other(Other::ZipArchive)
    }
}

/// An OpenDocument package's `mimetype` part (a few dozen bytes).
fn mimetype<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Option<String> {
    let part = zip.by_name("mimetype").ok()?;
    let mut text = String::new();
    part.take(200).read_to_string(&mut text).ok()?;
    Some(text.trim().to_string())
}

/// The directory entries of a compound file this tells apart, as their UTF-16 names.
const STREAMS: &[(&str, Stream)] = &[
    ("Workbook", Stream::Workbook),
    ("Book", Stream::Workbook),
    ("WordDocument", Stream::Word),
    ("PowerPoint Document", Stream::PowerPoint),
    ("EncryptedPackage", Stream::Encrypted),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stream {
    Workbook,
    Word,
    PowerPoint,
    Encrypted,
}

/// A compound file (OLE), by the streams its directory names: a workbook (`Workbook`, or
/// `Book` in BIFF5), a Word or PowerPoint file, or an encrypted Office Open XML package.
fn compound_kind<R: Read>(reader: R, hint: Option<Kind>) -> std::io::Result<Kind> {
    let found = compound_streams(reader)?;
    let has = |s: Stream| found.contains(&s);
    // A document may embed a workbook (its stream then sits in a sub-storage, which this scan
    // cannot tell from the root): the document's own stream wins, unless the name says workbook.
    let named_book = matches!(hint, Some(Kind::Workbook(Book::Xls)));
    Ok(if has(Stream::Encrypted) {
        Kind::Other(Other::Encrypted)
    } else if has(Stream::Workbook)
        && (named_book || !(has(Stream::Word) || has(Stream::PowerPoint)))
    {
        Kind::Workbook(Book::Xls)
    } else if has(Stream::Word) {
        Kind::Other(Other::Word)
    } else if has(Stream::PowerPoint) {
        Kind::Other(Other::PowerPoint)
    } else if named_book {
        // Unreadable as a workbook: reading it says why, as a finding.
        Kind::Workbook(Book::Xls)
    } else {
        Kind::Other(Other::Compound)
    })
}

/// The size of a compound file's directory entry. Sectors are 512 or 4096 bytes and the header
/// takes the first sector, so every entry starts at a multiple of 128 in the file: scanning
/// those places finds the entries without following the file's sector chains.
const DIR_ENTRY: usize = 128;

/// The known streams named by directory entries anywhere in the file.
fn compound_streams<R: Read>(reader: R) -> std::io::Result<Vec<Stream>> {
    let mut reader = std::io::BufReader::new(reader);
    let mut entry = [0u8; DIR_ENTRY];
    let mut found = Vec::new();
    loop {
        match reader.read_exact(&mut entry) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e),
        }
        if let Some(stream) = stream_entry(&entry)
            && !found.contains(&stream)
        {
            found.push(stream);
        }
    }
    Ok(found)
}

/// The stream a directory entry names, if it is a stream entry (type 2) of a known name: the
/// name in UTF-16LE, its byte length with the terminating NUL at offset 64.
fn stream_entry(entry: &[u8; DIR_ENTRY]) -> Option<Stream> {
    const STREAM_TYPE: u8 = 2;
    let (name, rest) = entry.split_at(64);
    let len = usize::from(u16::from_le_bytes([*rest.first()?, *rest.get(1)?]));
    if rest.get(2) != Some(&STREAM_TYPE) || !(2..=64).contains(&len) {
        return None;
    }
    let units = name.get(..len - 2)?;
    STREAMS.iter().find_map(|(known, stream)| {
        let utf16 = known.encode_utf16().flat_map(u16::to_le_bytes);
        (units.len() == known.len() * 2 && units.iter().copied().eq(utf16)).then_some(*stream)
    })
}

/// Text, by its shape; the extension decides between the forms the text could be.
fn text_kind(head: &[u8], hint: Option<Kind>) -> Kind {
    if is_binary(head) {
        return Kind::Other(Other::Binary);
    }
    let text = text_of(head);
    let start = text.trim_start();
    if start.is_empty() {
        return match hint {
            Some(k @ (Kind::Text(_) | Kind::Csv)) => k,
            _ => Kind::Other(Other::Empty),
        };
    }
    if let Some(other) = markup(start) {
        return Kind::Other(other);
    }
    let shape = json_shape(start);
    match (hint, shape) {
        // A JSON shape a line-per-record file cannot have (or must have) fixes a wrong
        // `.json`/`.jsonl` name; otherwise the name is trusted, and a malformed file is read as
        // what it is named, its errors findings at their place.
        (Some(Kind::Text(Format::Json | Format::JsonLines)), Some(Shape::Clear(f))) => {
            Kind::Text(f)
        }
        (Some(k @ (Kind::Text(_) | Kind::Csv)), _) => k,
        (_, Some(Shape::Clear(f) | Shape::Guess(f))) => Kind::Text(f),
        (_, None) if looks_yaml(start) => Kind::Text(Format::Yaml),
        (_, None) if looks_csv(start) => Kind::Csv,
        _ => Kind::Other(Other::Text),
    }
}

/// Binary data: control bytes (NUL and the others text does not use) make up more than one
/// byte in twenty, or the data opens with a NUL. Text in the encodings exports use (UTF-8,
/// GB18030) has almost none, so a text export with a stray NUL is still text (the stray byte
/// is a finding at its place); random or compressed bytes have one in nine. UTF-16 text,
/// whose every other byte is NUL, opens with its byte-order mark.
fn is_binary(head: &[u8]) -> bool {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return false;
    }
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F)
        .count();
    head.first() == Some(&0) || control * 20 > head.len()
}

/// The head as text for the shape tests, which look at ASCII punctuation only: UTF-16 decoded,
/// anything else taken as UTF-8 with bad sequences (GB18030 text, a cut-off last character)
/// replaced.
fn text_of(head: &[u8]) -> String {
    let (decoded, _, _) = if head.starts_with(b"\xFF\xFE") {
        encoding_rs::UTF_16LE.decode(head)
    } else if head.starts_with(b"\xFE\xFF") {
        encoding_rs::UTF_16BE.decode(head)
    } else {
        encoding_rs::UTF_8.decode(head)
    };
    decoded.trim_start_matches('\u{feff}').to_string()
}

/// Documents that are text but no export.
fn markup(start: &str) -> Option<Other> {
    if start.starts_with("{\\rtf") {
        return Some(Other::Rtf);
    }
    if !start.starts_with('<') {
        return None;
    }
    let lower = start.to_ascii_lowercase();
    Some(
        if lower.contains("urn:schemas-microsoft-com:office:spreadsheet")
            || lower.contains("progid=\"excel.sheet\"")
        {
            Other::SpreadsheetMl2003
        } else if lower.starts_with("<!doctype html") || lower.contains("<html") {
            Other::Html
        } else {
            Other::Xml
        },
    )
}

/// What the first record of text that opens like JSON says about the container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A shape only one container has: an array or a lone `{` line (JSON), or one complete
    /// object per line (JSON Lines). It overrides a `.json`/`.jsonl` name.
    Clear(Format),
    /// The likelier container when no name says (a one-line `{"records": …}` is JSON, a lone
    /// object is a JSON Lines record, a first line cut off or broken is one or the other).
    Guess(Format),
}

fn json_shape(start: &str) -> Option<Shape> {
    if start.starts_with('[') {
        return Some(Shape::Clear(Format::Json));
    }
    if !start.starts_with('{') {
        return None;
    }
    let (first, rest) = start.split_once('\n').unwrap_or((start, ""));
    let (first, rest) = (first.trim_end(), rest.trim_start());
    let complete = serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok();
    let records = first
        .trim_start_matches('{')
        .trim_start()
        .starts_with("\"records\"");
    let one_value = if records {
        Format::Json
    } else {
        Format::JsonLines
    };
    Some(match (complete, rest.is_empty()) {
        (true, false) if rest.starts_with('{') => Shape::Clear(Format::JsonLines),
        (true, true) => Shape::Guess(one_value),
        (true, false) => Shape::Guess(Format::JsonLines),
        (false, _) if first == "{" => Shape::Clear(Format::Json),
        // A line the head cut off: a long one-line file, or a long first record.
        (false, true) => Shape::Guess(one_value),
        (false, false) => Shape::Guess(Format::Json),
    })
}

/// The first line that says something: not blank, not a comment, not a document marker.
fn first_content_line(text: &str) -> Option<&str> {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("%YAML") && *l != "---")
}

/// A YAML sequence item (`- …`) or a mapping key (`kind: case`) first, or a document marker.
fn looks_yaml(text: &str) -> bool {
    if text.starts_with("---") || text.starts_with("%YAML") {
        return true;
    }
    let Some(line) = first_content_line(text) else {
        return text.starts_with('#');
    };
    if line == "-" || line.starts_with("- ") {
        return true;
    }
    line.split_once(':').is_some_and(|(key, value)| {
        let key = key.trim();
        !key.is_empty()
            && !key.contains([',', '\t', ' '])
            && (value.is_empty() || value.starts_with(' '))
    })
}

/// A header row of comma-separated names.
fn looks_csv(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|header| header.contains(','))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(bytes: &[u8], hint: Option<Kind>) -> Kind {
        sniff_bytes(bytes, hint)
    }

    const JSONL: Option<Kind> = Some(Kind::Text(Format::JsonLines));
    const JSON: Option<Kind> = Some(Kind::Text(Format::Json));

    #[test]
    fn text_is_told_by_its_shape() {
        let lines = b"{\"kind\":\"case\"}\n{\"kind\":\"unit\"}\n";
        assert_eq!(of(lines, None), Kind::Text(Format::JsonLines));
        // A JSON Lines file named .json is still JSON Lines; an array named .jsonl is JSON.
        assert_eq!(of(lines, JSON), Kind::Text(Format::JsonLines));
        assert_eq!(
            of(b"[{\"kind\":\"case\"}]", JSONL),
            Kind::Text(Format::Json)
        );
        assert_eq!(
            of(b"{\n  \"records\": []\n}\n", None),
            Kind::Text(Format::Json)
        );
        assert_eq!(of(b"{\"records\": []}", None), Kind::Text(Format::Json));
        assert_eq!(
            of(b"{\"kind\":\"case\"}\n", None),
            Kind::Text(Format::JsonLines)
        );
        assert_eq!(of(b"{\"kind\":\"case\"}\n", JSON), Kind::Text(Format::Json));
        assert_eq!(of(b"- kind: case\n", None), Kind::Text(Format::Yaml));
        assert_eq!(
            of(b"# export\nkind: case\n", None),
            Kind::Text(Format::Yaml)
        );
        assert_eq!(of(b"---\nkind: case\n", None), Kind::Text(Format::Yaml));
        assert_eq!(of("案卷编号,编号\nC1,X1\n".as_bytes(), None), Kind::Csv);
        let gb = encoding_rs::GB18030.encode("案卷编号,编号\r\nC1,X1\r\n").0;
        assert_eq!(of(&gb, None), Kind::Csv);
        assert_eq!(of(b"hello world\n", None), Kind::Other(Other::Text));
        assert_eq!(of(b"", None), Kind::Other(Other::Empty));
        assert_eq!(of(b"  \n", JSONL), Kind::Text(Format::JsonLines));
        // Malformed text keeps the name's format, so its errors are findings at their place.
        assert_eq!(of(b"{broken\n", JSON), Kind::Text(Format::Json));
        let broken_first = b"{\"kind\": \"case\", \"case_id\": \n{\"kind\":\"case\"}\n";
        assert_eq!(of(broken_first, JSONL), Kind::Text(Format::JsonLines));
        assert_eq!(
            of(b"{\n  \"kind\": \"case\"\n}\n", JSONL),
            Kind::Text(Format::Json)
        );
        assert_eq!(of(b"hello\n", JSON), Kind::Text(Format::Json));
        assert_eq!(of(b"a: b\n", Some(Kind::Csv)), Kind::Csv);
    }

    #[test]
    fn documents_and_images_are_named() {
        assert_eq!(of(b"%PDF-1.7\n...", JSONL), Kind::Other(Other::Pdf));
        assert_eq!(
            of(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None),
            Kind::Other(Other::Png)
        );
        assert_eq!(
            of(b"\xFF\xD8\xFF\xE0\0\x10JFIF", None),
            Kind::Other(Other::Jpeg)
        );
        assert_eq!(of(b"RIFF\0\0\0\0WEBPVP8 ", None), Kind::Other(Other::Webp));
        assert_eq!(of(b"\x1F\x8B\x08\0", None), Kind::Other(Other::Gzip));
        assert_eq!(of(b"{\\rtf1\\ansi", JSON), Kind::Other(Other::Rtf));
        assert_eq!(
            of(b"<html><table><tr><td>1</td></tr></table></html>", None),
            Kind::Other(Other::Html)
        );
        let xml2003 = b"<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">";
        assert_eq!(of(xml2003, None), Kind::Other(Other::SpreadsheetMl2003));
        assert_eq!(of(b"\x01\x02\0\x03", JSONL), Kind::Other(Other::Binary));
        assert_eq!(
            of(b"\0{\"kind\": \"case\"}", JSONL),
            Kind::Other(Other::Binary)
        );
        // A stray NUL in a line of text leaves it text.
        let stray = b"{\"kind\":\"case\"}\n{\"kind\":\"unit\",\"name\":\"a\0b\"}\n";
        assert_eq!(of(stray, None), Kind::Text(Format::JsonLines));
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert_eq!(of(&noise, JSONL), Kind::Other(Other::Binary));
        // UTF-16 text has NUL bytes but a byte-order mark.
        let utf16: Vec<u8> = b"\xFF\xFE"
            .iter()
            .copied()
            .chain("a,b\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(of(&utf16, None), Kind::Csv);
    }

    /// A ZIP holding the named parts, each with the given content.
    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, content) in parts {
            zip.start_file(
                *name,
                zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Stored),
            )
            .unwrap();
            zip.write_all(content).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn zip_containers_are_told_by_their_parts() {
        let xlsx = zip_of(&[("[Content_Types].xml", b""), ("xl/workbook.xml", b"")]);
        assert_eq!(of(&xlsx, JSONL), Kind::Workbook(Book::Xlsx));
        let xlsb = zip_of(&[("xl/workbook.bin", b"")]);
        assert_eq!(of(&xlsb, None), Kind::Workbook(Book::Xlsb));
        let ods = zip_of(&[(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        )]);
        assert_eq!(of(&ods, None), Kind::Workbook(Book::Ods));
        let odt = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text")]);
        assert_eq!(of(&odt, None), Kind::Other(Other::OpenDocumentText));
        let docx = zip_of(&[("[Content_Types].xml", b""), ("word/document.xml", b"")]);
        assert_eq!(
            of(&docx, Some(Kind::Workbook(Book::Xlsx))),
            Kind::Other(Other::Word)
        );
        let pptx = zip_of(&[("ppt/presentation.xml", b"")]);
        assert_eq!(of(&pptx, None), Kind::Other(Other::PowerPoint));
        let other = zip_of(&[("notes.txt", b"x")]);
        assert_eq!(of(&other, None), Kind::Other(Other::ZipArchive));
        // Not a ZIP after all: a workbook by its name (reading it says why it is broken).
        let broken = b"PK\x03\x04 not really a zip";
        assert_eq!(
            of(broken, Some(Kind::Workbook(Book::Xlsx))),
            Kind::Workbook(Book::Xlsx)
        );
        assert_eq!(of(broken, None), Kind::Other(Other::DamagedZip));
    }

    /// A compound file whose first directory sector holds entries of these names and types.
    fn compound_of(entries: &[(&str, u8)]) -> Vec<u8> {
        let mut bytes = OLE_MAGIC.to_vec();
        bytes.resize(512, 0);
        for (name, ty) in entries {
            let mut entry = [0u8; DIR_ENTRY];
            let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
            entry[..units.len()].copy_from_slice(&units);
            let len = u16::try_from(units.len() + 2).unwrap().to_le_bytes();
            entry[64..66].copy_from_slice(&len);
            entry[66] = *ty;
            bytes.extend_from_slice(&entry);
        }
        bytes
    }

    #[test]
    fn compound_files_are_told_by_their_streams() {
        let xls = compound_of(&[("Root Entry", 5), ("Workbook", 2)]);
        assert_eq!(of(&xls, None), Kind::Workbook(Book::Xls));
        let biff5 = compound_of(&[("Root Entry", 5), ("Book", 2)]);
        assert_eq!(of(&biff5, None), Kind::Workbook(Book::Xls));
        let doc = compound_of(&[("Root Entry", 5), ("1Table", 2), ("WordDocument", 2)]);
        assert_eq!(
            of(&doc, Some(Kind::Workbook(Book::Xls))),
            Kind::Other(Other::Word)
        );
        let doc_with_sheet = compound_of(&[("WordDocument", 2), ("Workbook", 2)]);
        assert_eq!(of(&doc_with_sheet, None), Kind::Other(Other::Word));
        let ppt = compound_of(&[("PowerPoint Document", 2)]);
        assert_eq!(of(&ppt, None), Kind::Other(Other::PowerPoint));
        let locked = compound_of(&[("EncryptedInfo", 2), ("EncryptedPackage", 2)]);
        assert_eq!(
            of(&locked, Some(Kind::Workbook(Book::Xlsx))),
            Kind::Other(Other::Encrypted)
        );
        // A storage (type 1) of that name is no workbook stream.
        let storage = compound_of(&[("Workbook", 1)]);
        assert_eq!(of(&storage, None), Kind::Other(Other::Compound));
        assert_eq!(
            of(&storage, Some(Kind::Workbook(Book::Xls))),
            Kind::Workbook(Book::Xls)
        );
    }

    #[test]
    fn lock_files_are_known_by_name() {
        assert!(is_lock_file("~$案卷.xlsx"));
        assert!(is_lock_file(".~lock.export.ods#"));
        assert!(!is_lock_file("export.xlsx"));
    }
}
