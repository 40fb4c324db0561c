"""The published document as one self-contained HTML page (no scripts, no external
files). Every text that comes from the policy is escaped: a label may contain ``<``."""

from __future__ import annotations

from html import escape

from plazo.interpreter.present.document import Bullets, Document, Paragraph

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d2430; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #2f5d8a; padding-bottom: .3rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; color: #2f5d8a; }
table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; }
th, td { border: 1px solid #c9d2dc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
"""


def render_html(doc: Document) -> str:
    out = [f'<!DOCTYPE html>\n<html lang="{escape(doc.language)}">\n<head>\n<meta charset="utf-8">\n'
           f"<title>{escape(doc.title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"]
    for section in doc.sections:
        level = min(max(section.level, 1), 6)
        out.append(f"<h{level}>{escape(section.title)}</h{level}>\n")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                text = escape(block.text)
                out.append(f"<p><strong>{text}</strong></p>\n" if block.strong else f"<p>{text}</p>\n")
            elif isinstance(block, Bullets):
                out.append("<ul>\n" + "".join(f"<li>{escape(i)}</li>\n" for i in block.items) + "</ul>\n")
            else:
                out.append("<table>\n<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in block.head)
                           + "</tr></thead>\n<tbody>\n"
                           + "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>\n"
                                     for row in block.rows)
                           + "</tbody>\n</table>\n")
    out.append("</body>\n</html>\n")
    return "".join(out)
