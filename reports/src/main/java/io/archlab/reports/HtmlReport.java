package io.archlab.reports;

import java.util.List;

/**
 * A report as one self-contained HTML file: inline styles, inline SVG charts, no script and no
 * external asset, so it opens offline, in a mail attachment or a pull request preview. Every piece
 * of stored text (candidate names, hypotheses, LLM output) is escaped.
 */
public final class HtmlReport {
    /** File name of the report inside its folder. */
    public static final String FILE = "report.html";

    private static final String STYLE = """
            body{font-family:Helvetica,Arial,sans-serif;color:#1d1d1f;margin:0;background:#f6f7f9;line-height:1.45}
            main{max-width:1180px;margin:0 auto;padding:24px 32px 48px;background:#fff}
            h1{font-size:26px;margin:8px 0 4px}h2{font-size:20px;margin:32px 0 10px;padding-bottom:4px;\
            border-bottom:2px solid #e4e7eb}h3{font-size:16px;margin:18px 0 8px}
            nav{font-size:13px;margin:4px 0 12px}nav a{margin-right:10px;color:#1b6ca8;text-decoration:none}
            p{margin:8px 0;max-width:980px}
            table{border-collapse:collapse;margin:10px 0;font-size:13px;max-width:100%}
            th,td{border:1px solid #d9dde3;padding:4px 8px;vertical-align:top;text-align:left}
            th{background:#eef1f5;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;\
            white-space:nowrap}
            tbody tr:nth-child(even){background:#fafbfc}
            .scroll{overflow-x:auto;max-width:100%}
            pre{background:#f3f4f6;border:1px solid #e1e4e8;padding:10px;font-size:12px;overflow-x:auto;\
            white-space:pre-wrap;word-break:break-word}
            .banner{padding:10px 14px;border-radius:4px;margin:12px 0;font-weight:600}
            .banner.good{background:#e5f5ea;border-left:5px solid #2e8b57}
            .banner.note{background:#fff6e0;border-left:5px solid #d49b00}
            .banner.bad{background:#fde8e8;border-left:5px solid #c0392b}
            figure{margin:12px 0}svg{max-width:100%;height:auto}figcaption{font-size:12px;color:#555}
            footer{font-size:12px;color:#666;margin-top:32px}
            """;

    private HtmlReport() {
    }

    static String render(Doc doc) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"archlab\">\n")
                .append("<title>").append(esc(doc.title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n<h1>").append(esc(doc.title)).append("</h1>\n<nav>");
        for (Doc.Section s : doc.sections) {
            b.append("<a href=\"#").append(s.id()).append("\">").append(esc(s.heading())).append("</a>");
        }
        b.append("</nav>\n");
        for (Doc.Section s : doc.sections) {
            b.append("<section id=\"").append(s.id()).append("\">\n<h2>").append(esc(s.heading())).append("</h2>\n");
            for (Doc.Block block : s.blocks()) {
                block(b, block);
            }
            b.append("</section>\n");
        }
        b.append("<footer>Written by archlab from the run's knowledge base; every figure is read from the store."
                + "</footer>\n</main>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void block(StringBuilder b, Doc.Block block) {
        if (block instanceof Doc.Para p) {
            b.append("<p>").append(esc(p.text())).append("</p>\n");
        } else if (block instanceof Doc.Heading h) {
            b.append("<h3>").append(esc(h.text())).append("</h3>\n");
        } else if (block instanceof Doc.Banner n) {
            b.append("<div class=\"banner ").append(n.level().name().toLowerCase(java.util.Locale.ROOT))
                    .append("\" role=\"status\">").append(esc(n.text())).append("</div>\n");
        } else if (block instanceof Doc.Table t) {
            table(b, t);
        } else if (block instanceof Doc.Chart c) {
            b.append("<figure id=\"chart-").append(c.file().replace(".svg", "")).append("\">\n").append(c.svg())
                    .append("<figcaption>").append(esc(c.alt())).append("</figcaption>\n</figure>\n");
        } else if (block instanceof Doc.Code c) {
            b.append("<pre><code class=\"language-").append(c.language()).append("\">").append(esc(c.text()))
                    .append("</code></pre>\n");
        }
    }

    private static void table(StringBuilder b, Doc.Table t) {
        b.append("<div class=\"scroll\"><table id=\"table-").append(esc(t.id())).append("\">\n<thead><tr>");
        List<Boolean> num = t.numeric();
        for (int i = 0; i < t.header().size(); i++) {
            b.append(num.get(i) ? "<th class=\"num\">" : "<th>").append(esc(t.header().get(i))).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            b.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                b.append(num.get(i) ? "<td class=\"num\">" : "<td>").append(esc(row.get(i))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div>\n");
    }

    /** Text safe as HTML content or a quoted attribute value. */
    static String esc(String s) {
        return SvgChart.xml(s);
    }
}
