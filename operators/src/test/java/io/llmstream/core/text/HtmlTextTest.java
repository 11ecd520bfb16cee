package io.llmstream.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

    /** What a mail's HTML part becomes after {@link MailText#clean} tidies the blanks. */
    private static String text(String html) {
        return MailText.clean("From: a@example.org\nContent-Type: text/html; charset=utf-8\n\n" + html);
    }

    @Test
    void aGreaterThanSignInsideAnAttributeDoesNotEndTheTag() {
        assertThat(text("<p><a title=\"a > b\" href=\"x?q=1>2\">the link</a> and the rest</p>"))
                .isEqualTo("the link and the rest");
    }

    @Test
    void html5NamedEntitiesAreDecoded() {
        assertThat(HtmlText.toText("next &rarr; page, I &hearts; it, &frac12; &euro;5 &qqq;"))
                .isEqualTo("next \u2192 page, I \u2665 it, \u00bd \u20ac5 &qqq;");
    }

    @Test
    void lineBreaksInsidePreAreKeptAndElsewhereAreSpaces() {
        assertThat(HtmlText.toText("<p>one\ntwo</p><pre>line one\n  line two</pre>"))
                .isEqualTo("one two\n\nline one\n  line two\n");
    }

    @Test
    void scriptsStylesAndCommentsAreDropped() {
        assertThat(text("<style>p { color: red; }</style><script>if (a < b) { alert('x'); }</script>"
                + "<!-- hidden --><p>visible</p><noscript>no script</noscript>"))
                .isEqualTo("visible\n\nno script");
    }

    @Test
    void blockElementsBecomeLineBreaksAndCellsStayApart() {
        assertThat(text("<div>first</div><div>second</div><ul><li>a</li><li>b</li></ul>"
                + "<table><tr><td>one</td><td>two</td></tr></table>line<br>break"))
                .isEqualTo("first\nsecond\n\na\nb\n\none two\n\nline\nbreak");
    }

    @Test
    void brokenMarkupIsReadAsABrowserWould() {
        assertThat(text("<p>unclosed <b>bold <i>and italic<p>next &amp c &#146; &#x1F600;"))
                .isEqualTo("unclosed bold and italic\n\nnext & c \u2019 \uD83D\uDE00");
    }
}
