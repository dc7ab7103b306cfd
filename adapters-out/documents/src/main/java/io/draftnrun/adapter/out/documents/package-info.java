/**
 * Document parsing and token counting for ingestion: {@code MultiFormatDocumentParser} reads PDF (PDFBox, one section
 * per page), DOCX (Apache POI), HTML (jsoup), CSV (commons-csv), Markdown and plain text into markdown, and {@code
 * JtokkitTokenCounter} counts o200k_base tokens (the encoding of gpt-4o-mini) to size chunks.
 */
package io.draftnrun.adapter.out.documents;
