"""What makes the tagged PDF an archive file: PDF/A-2u and PDF/UA-1.

- XMP metadata (uncompressed, as PDF/A wants it readable without PDF parsing) with the same
  title, author, subject, keywords, creator tool, producer and dates as the Info dictionary,
  the PDF/A identification (part 2, conformance U: every character maps to Unicode through
  the fonts' ToUnicode maps) and the PDF/UA identification (part 1), which PDF/A-2 knows
  only through an extension schema, declared here.
- An output intent (GTS_PDFA1) with an embedded sRGB ICC profile (data/sRGB-lcms.icc, see
  data/README.md). With an RGB intent the page may use DeviceRGB and DeviceGray but not
  DeviceCMYK, so the renderer writes black and greys as DeviceGray and other colours as
  DeviceRGB (`device_color`), and CMYK pictures are converted to RGB when prepared.
- PDF version 1.7 and a file identifier drawn from the content (the pages' streams and the
  metadata), so the same manifest gives the same bytes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .pdfwriter import Name, PDFFile, Stream, compressed

PDFA_PART, PDFA_CONFORMANCE = 2, "U"
PDFUA_PART = 1
OUTPUT_CONDITION = "sRGB IEC61966-2.1"


def icc_profile() -> bytes:
    # beside this module, as installed (importlib.resources and xml.sax would cost every
    # build a tenth of a second of imports: urllib, http, email)
    return (Path(__file__).parent / "data" / "sRGB-lcms.icc").read_bytes()


def escape(text: str) -> str:
    """Text for XML character data (as xml.sax.saxutils.escape)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def device_color(cmyk: tuple[float, float, float, float]) -> tuple[float, ...]:
    """A CMYK colour of the house style in a device space the sRGB intent allows: grey
    (one component) for black and greys — which a press prints as black ink only — and RGB
    for the rest (套红 0/100/100/0 → pure red)."""
    c, m, y, k = cmyk
    if c == m == y == 0:
        return (1 - k,)
    return tuple((1 - v) * (1 - k) for v in (c, m, y))


def _xmp_date(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}T00:00:00+00:00"  # Info: D:YYYYMMDD000000+00'00'


def xmp(title: str, author: str, subject: str, keywords: str, creator: str, when: date,
        lang: str) -> bytes:
    """The XMP packet (UTF-8)."""
    e = escape
    stamp = _xmp_date(when)
    text = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{e(lang)}</rdf:li></rdf:Bag></dc:language>
<xmp:CreateDate>{stamp}</xmp:CreateDate>
<xmp:ModifyDate>{stamp}</xmp:ModifyDate>
<xmp:MetadataDate>{stamp}</xmp:MetadataDate>
<xmp:CreatorTool>{e(creator)}</xmp:CreatorTool>
<pdf:Producer>{e(creator)}</pdf:Producer>
<pdf:Keywords>{e(keywords)}</pdf:Keywords>
<pdfaid:part>{PDFA_PART}</pdfaid:part>
<pdfaid:conformance>{PDFA_CONFORMANCE}</pdfaid:conformance>
<pdfuaid:part>{PDFUA_PART}</pdfuaid:part>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return text.encode("utf-8")


def archive_objects(pdf: PDFFile, catalog: dict, metadata: bytes) -> None:
    """The metadata stream and the output intent, hung on the catalog."""
    # the metadata stream stays unfiltered: PDF/A wants it readable by any tool
    catalog["Metadata"] = pdf.add(Stream({"Type": Name("Metadata"), "Subtype": Name("XML")}, metadata))
    profile = pdf.add(compressed({"N": 3}, icc_profile()))
    catalog["OutputIntents"] = [pdf.add({
        "Type": Name("OutputIntent"),
        "S": Name("GTS_PDFA1"),
        "OutputConditionIdentifier": OUTPUT_CONDITION,
        "Info": OUTPUT_CONDITION,
        "DestOutputProfile": profile,
    })]
