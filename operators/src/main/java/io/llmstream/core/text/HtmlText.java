package io.llmstream.core.text;

import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * Turns HTML into the text a reader would see: scripts, styles and other invisible parts dropped,
 * tags removed, block elements turned into line breaks, line breaks inside {@code <pre>} kept, and
 * character references (all HTML5 names, decimal, hexadecimal) decoded. Runs of blanks around the
 * breaks are left for the caller to tidy.
 *
 * <p>Parsed with jsoup's HTML5 parser, which reads broken markup (unclosed tags, {@code >} inside
 * attribute values, stray {@code &}) as a browser would; mail HTML is too often broken for a strict one.
 */
final class HtmlText {
    /** Elements whose content a reader never sees. */
    private static final String HIDDEN = "script, style, head, title, xml, template";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private static final Set<String> LINE_TAGS = Set.of(
            "div", "tr", "li", "dt", "dd", "hr", "center", "form", "section", "article", "main", "aside",
            "header", "footer", "nav", "address", "pre", "caption", "figure", "figcaption", "details", "summary");
    private static final Set<String> PARAGRAPH_TAGS = Set.of(
            "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "blockquote");
    /** Adjacent cells must not glue their words together. */
    private static final Set<String> CELL_TAGS = Set.of("td", "th");
    /** Elements whose line breaks and spaces are shown as written. */
    private static final Set<String> PREFORMATTED_TAGS = Set.of("pre", "textarea", "listing", "plaintext");

    private HtmlText() {
    }

    static String toText(String html) {
        Document document = Jsoup.parse(html);
        document.select(HIDDEN).remove();
        StringBuilder out = new StringBuilder(html.length());
        document.traverse(new VisibleText(out));
        return out.toString();
    }

    /** Collects text nodes and the breaks that block elements make around them. */
    private static final class VisibleText implements NodeVisitor {
        private final StringBuilder out;
        private int preformatted;

        VisibleText(StringBuilder out) {
            this.out = out;
        }

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode text) {
                // Line breaks in the source are mere spaces to a browser; only block elements and <pre> break lines.
                out.append(preformatted > 0 ? text.getWholeText() : WHITESPACE.matcher(text.getWholeText()).replaceAll(" "));
            } else if (node instanceof Element element) {
                String tag = element.normalName();
                if (PREFORMATTED_TAGS.contains(tag)) {
                    preformatted++;
                }
                if (tag.equals("br")) {
                    out.append('\n');
                } else {
                    breakAround(tag);
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element) {
                String tag = element.normalName();
                if (PREFORMATTED_TAGS.contains(tag)) {
                    preformatted--;
                }
                breakAround(tag);
            }
        }

        private void breakAround(String tag) {
            if (PARAGRAPH_TAGS.contains(tag)) {
                lineBreaks(2);
            } else if (LINE_TAGS.contains(tag)) {
                lineBreaks(1);
            } else if (CELL_TAGS.contains(tag)) {
                out.append(' ');
            }
        }

        /**
         * Ends the text so far with at least {@code n} line breaks: where one block ends and the next
         * begins there is one break, not two; before the first text there is none.
         */
        private void lineBreaks(int n) {
            int have = 0;
            for (int i = out.length() - 1; have < n; i--) {
                if (i < 0) {
                    return;
                }
                char c = out.charAt(i);
                if (c == '\n') {
                    have++;
                } else if (c != ' ' && c != '\t') {
                    break;
                }
            }
            out.append("\n".repeat(n - have));
        }
    }
}
