package io.llmstream.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.core.text.MailText.Mode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MailEvidenceTest {

    @Test
    void aPersonalPlainTextMailSaysLittle() {
        String mail = """
                From: Alice <alice@example.org>
                To: bob@example.com
                Subject: Lunch on Friday

                Shall we meet at noon? The menu is at http://example.org/menu
                """;

        assertThat(MailText.withEvidence(mail))
                .isEqualTo("plain text, few links\n\nLunch on Friday\n\nShall we meet at noon? The menu is at http://example.org/menu");
    }

    @Test
    void bulkHtmlMailShowsWhatTheCleanTextHides() {
        String html = "<html><body><img src=\"http://1.2.3.4/a.gif\">"
                + "<a href=\"http://1.2.3.4/buy\">Buy</a> <a href=\"http://x.example/1\">now</a>"
                + " <a href=\"http://x.example/2\">or</a> <a href=\"http://x.example/3\">never</a></body></html>";
        String mail = "From: deals@example.biz\nTo: Undisclosed Recipients <>\nSubject: =?gb2312?B?"
                + Base64.getEncoder().encodeToString("ACT NOW".getBytes(StandardCharsets.US_ASCII)) + "?=\n"
                + "X-Priority: 1\nContent-Type: text/html; charset=windows-1252\nContent-Transfer-Encoding: base64\n\n"
                + Base64.getMimeEncoder().encodeToString(html.getBytes(StandardCharsets.US_ASCII)) + "\n";

        String text = MailText.withEvidence(mail);

        assertThat(text.split("\n\n", 2)[0]).isEqualTo("html only, many links, ip links, images, foreign charset,"
                + " encoded text, priority flag, undisclosed recipients, shouting subject");
        assertThat(text.split("\n\n", 2)[1]).isEqualTo(MailText.clean(mail));
    }

    @Test
    void alternativePartsAndAWindowsCharsetAreNamed() {
        String mail = """
                From: a@example.org
                Subject: Newsletter
                Content-Type: multipart/alternative; boundary="b"

                --b
                Content-Type: text/plain; charset=windows-1252

                Plain version
                --b
                Content-Type: text/html; charset=windows-1252

                <p>Rich version</p>
                --b--
                """;

        assertThat(MailText.withEvidence(mail)).isEqualTo("html alternative, no links, windows charset\n\nNewsletter\n\nPlain version");
    }

    @Test
    void htmlLabelledAsPlainTextCountsAsHtml() {
        String mail = "From: a@example.org\nSubject: hi\n\n<html><body><p>Hello</p></body></html>\n";

        assertThat(MailText.withEvidence(mail)).startsWith("html only, no links\n\n");
    }

    @Test
    void textThatIsNotAMailComesBackAsCleanGivesIt() {
        assertThat(MailText.withEvidence("  Printer on floor 3 is jammed again.  ")).isEqualTo("Printer on floor 3 is jammed again.");
        assertThat(MailText.withEvidence(null)).isEmpty();
    }

    @Test
    void aSubjectIsShoutingWhenMostOfItsWordsAreCapitals() {
        assertThat(MailEvidence.shouting("FREE MONEY inside")).isTrue();
        assertThat(MailEvidence.shouting("Re: the NASA budget")).isFalse();
        assertThat(MailEvidence.shouting("42 !!")).isFalse();
    }

    @Test
    void theModeIsChosenByItsSetting() {
        assertThat(Mode.parse("text.preprocess", "mail-headers")).isEqualTo(Mode.CLEAN_WITH_EVIDENCE);
        assertThat(Mode.CLEAN_WITH_EVIDENCE.apply("Subject: hi\n\nthere\n")).isEqualTo("plain text, no links\n\nhi\n\nthere");
    }
}
