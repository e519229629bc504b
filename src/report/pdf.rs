//! The PDF: typst as a library, over an in-memory file system (the
//! template as `main.typ`, the data as `data.json`, the charts as
//! `charts/<name>.svg`) and DejaVu fonts from the binary.

use anyhow::{Result, anyhow};
use typst::foundations::{Datetime, Smart};
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

/// Lays out `template` over `data` and the charts.
pub fn typeset(template: &str, data: &str, svgs: &[(String, String)]) -> Result<PagedDocument> {
    let mut files: Vec<(String, Vec<u8>)> = vec![("data.json".into(), data.as_bytes().to_vec())];
    files.extend(svgs.iter().map(|(name, svg)| (format!("charts/{name}.svg"), svg.as_bytes().to_vec())));
    let engine = TypstEngine::builder()
        .fonts([
            dejavu::sans::regular(),
            dejavu::sans::bold(),
            dejavu::sans::oblique(),
            dejavu::sans::bold_oblique(),
            dejavu::sans_mono::regular(),
        ])
        .with_static_source_file_resolver([("main.typ", template.to_string())])
        .with_static_file_resolver(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
        .build();
    engine.compile("main.typ").output.map_err(|e| anyhow!("typesetting the report failed: {e}"))
}

/// The PDF of `template` over `data` and the charts; `date` (y, m, d) is
/// its creation date.
pub fn compile(
    template: &str,
    data: &str,
    svgs: &[(String, String)],
    date: (i32, u8, u8),
) -> Result<Vec<u8>> {
    let doc = typeset(template, data, svgs)?;
    let (y, m, d) = date;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom("suara-report".into()),
        timestamp: Datetime::from_ymd_hms(y, m, d, 0, 0, 0).map(typst_pdf::Timestamp::new_utc),
        ..Default::default()
    };
    typst_pdf::pdf(&doc, &options).map_err(|e| anyhow!("writing the PDF failed: {e:?}"))
}

/// The text of every page, in reading order of the layout (one string per
/// page): what a reader sees, for tests and checks.
pub fn page_texts(doc: &PagedDocument) -> Vec<String> {
    fn walk(frame: &typst::layout::Frame, out: &mut String) {
        for (_, item) in frame.items() {
            match item {
                typst::layout::FrameItem::Group(g) => walk(&g.frame, out),
                typst::layout::FrameItem::Text(t) => {
                    out.push_str(&t.text);
                    out.push(' ');
                }
                _ => {}
            }
        }
    }
    doc.pages()
        .iter()
        .map(|p| {
            let mut s = String::new();
            walk(&p.frame, &mut s);
            s
        })
        .collect()
}
