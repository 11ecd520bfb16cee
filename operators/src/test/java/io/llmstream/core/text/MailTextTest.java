package io.llmstream.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.text.MailText.Mode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class MailTextTest {
    private static final String CORPUS = "shared/corpora/spamassassin-dev.jsonl";
    /**
     * Mails about mail filtering whose own words quote MIME headers, parser code and HTML token
     * tables; there these strings are content, not leftovers.
     */
    private static final Set<String> MAILS_ABOUT_MIME = Set.of(
            "easy-ham-1/01463", "easy-ham-1/01659", "easy-ham-1/01683", "easy-ham-1/01713");

    @Test
    void headersAreDroppedButTheSubjectLeads() {
        String mail = """
                From alice@example.org  Thu Aug 22 12:36:23 2002
                Return-Path: <alice@example.org>
                Received: from mail.example.org (mail.example.org [10.0.0.1])
                \tby mx.example.com with ESMTP id 42
                From: Alice <alice@example.org>
                To: bob@example.com
                Subject: Lunch
                 on Friday
                Date: Thu, 22 Aug 2002 07:36:16 -0400

                Shall we meet at noon?

                Alice
                """;

        assertThat(MailText.clean(mail)).isEqualTo("Lunch on Friday\n\nShall we meet at noon?\n\nAlice");
    }

    @Test
    void encodedWordsInTheSubjectAreDecoded() {
        String mail = """
                From: a@example.org
                Subject: =?iso-8859-1?Q?Caf=E9_cr=E8me?= =?UTF-8?B?4oCTIGRlbGljaW91cw==?= today

                body
                """;

        assertThat(MailText.clean(mail)).isEqualTo("Café crème– delicious today\n\nbody");
    }

    @Test
    void aCharacterWhoseBytesAreSplitAcrossAdjacentEncodedWordsIsDecodedWhole() {
        assertThat(MailText.clean("From: a@example.org\nSubject: =?UTF-8?Q?caf=C3?= =?UTF-8?Q?=A9?=\n\nbody"))
                .isEqualTo("café\n\nbody");
        // base64 words too, and across a folded header line
        assertThat(MailText.clean("From: a@example.org\nSubject: =?utf-8?B?Y2Fmw6k=?=\n =?UTF-8?B?IMOp?=\n\nbody"))
                .isEqualTo("café é\n\nbody");
        assertThat(MailText.clean("From: a@example.org\nSubject: =?UTF-8?B?4oA=?= =?UTF-8?Q?=93?= dash\n\nbody"))
                .isEqualTo("\u2013 dash\n\nbody");
    }

    @Test
    void wordsInDifferentCharsetsAreDecodedApartAndTextBetweenWordsIsKept() {
        assertThat(MailText.clean("From: a@example.org\nSubject: =?iso-8859-1?Q?caf=E9?= =?UTF-8?Q?_cr=C3=A8me?= and"
                + " =?UTF-8?Q?caf=C3=A9?=\n\nbody"))
                .isEqualTo("café crème and café\n\nbody");
    }

    @Test
    void quotedPrintableJoinsSoftBreaksAndDecodesBytesInThePartsCharset() {
        String mail = """
                From: a@example.org
                Subject: qp
                Content-Type: text/plain; charset="iso-8859-1"
                Content-Transfer-Encoding: quoted-printable

                Un tr=E8s long paragraphe qui a =C3=A9t=E9 coup=
                =E9 en deux, 50 =3D 50.
                """;

        assertThat(MailText.clean(mail)).isEqualTo("qp\n\nUn très long paragraphe qui a Ã©té coupé en deux, 50 = 50.");
    }

    @Test
    void quotedPrintableUtf8SequencesSplitBySoftBreaksStayWhole() {
        String mail = """
                From: a@example.org
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: Quoted-Printable

                na=C3=
                =AFve
                """;

        assertThat(MailText.clean(mail)).isEqualTo("naïve");
    }

    @Test
    void base64BodyIsDecodedAsUtf8() {
        String body = Base64.getMimeEncoder().encodeToString("Grüße aus Köln — 東京\n".getBytes(StandardCharsets.UTF_8));
        String mail = "From: a@example.org\nSubject: b64\nContent-Type: text/plain; charset=UTF-8\n"
                + "Content-Transfer-Encoding: base64\n\n" + body + "\n";

        assertThat(MailText.clean(mail)).isEqualTo("b64\n\nGrüße aus Köln — 東京");
    }

    @Test
    void unknownCharsetFallsBackToLatin1() {
        String mail = """
                From: a@example.org
                Content-Type: text/plain; charset=x-no-such-charset
                Content-Transfer-Encoding: quoted-printable

                d=E9j=E0 vu
                """;

        assertThat(MailText.clean(mail)).isEqualTo("déjà vu");
    }

    @Test
    void alternativePrefersThePlainVersion() {
        String mail = """
                From: a@example.org
                Subject: alt
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="==b1=="

                This is a multi-part message in MIME format.

                --==b1==
                Content-Type: text/html; charset=us-ascii

                <html><body><p>HTML version</p></body></html>
                --==b1==
                Content-Type: text/plain; charset=us-ascii

                Plain version
                --==b1==--
                epilogue
                """;

        assertThat(MailText.clean(mail)).isEqualTo("alt\n\nPlain version");
    }

    @Test
    void htmlOnlyMailIsTurnedIntoText() {
        String mail = """
                From: a@example.org
                Subject: news
                Content-Type: text/html; charset=windows-1252
                Content-Transfer-Encoding: quoted-printable

                <!DOCTYPE html><html><head><title>Ignored title</title>
                <style>p { color: red; }</style></head>
                <body><script>alert('x')</script><!-- a comment -->
                <h1>Big&nbsp;news</h1><p>Tom &amp; Jerry&#39;s <b>caf=E9</b> &#x27;opens&#x27;<br>today &lt;3 &copy;</p>
                <table><tr><td>one</td><td>two</td></tr></table>&#146;
                </body></html>
                """;

        assertThat(MailText.clean(mail)).isEqualTo("news\n\nBig news\n\nTom & Jerry's café 'opens'\ntoday <3 ©\n\none two\n\n’");
    }

    @Test
    void htmlLabelledAsPlainTextIsStrippedToo() {
        String mail = "From: a@example.org\n\n<HTML><BODY>Buy <A HREF=\"x\">now</A></BODY></HTML>\n";

        assertThat(MailText.clean(mail)).isEqualTo("Buy now");
    }

    @Test
    void htmlPastedBelowPlainTextIsStripped() {
        String mail = """
                From: a@example.org
                Content-Type: text/plain; charset="us-ascii"

                Join now.

                <html>
                <a href="mailto:info@example.org"><b>Click here</b></a>
                </html>
                """;

        assertThat(MailText.clean(mail)).isEqualTo("Join now.\n\nClick here");
    }

    @Test
    void mimeStructurePastedIntoPlainTextIsReadAsMime() {
        String mail = """
                From: a@example.org
                Subject: Re: hosed multipart
                Content-Type: text/plain

                This message shows only boundaries:

                --snot
                Content-type: text/plain; charset=iso-8859-1
                Content-transfer-encoding: quoted-printable

                Hi th=E9re.
                --snot
                Content-type: text/html; charset=iso-8859-1

                <pre>Hi there.</pre>
                --snot--
                """;

        assertThat(MailText.clean(mail))
                .isEqualTo("Re: hosed multipart\n\nThis message shows only boundaries:\n\nHi th\u00e9re.\n\nHi there.");
    }

    @Test
    void nestedMultipartsAreWalkedAndAttachmentsSkipped() {
        String mail = """
                From: a@example.org
                Subject: report
                Content-Type: multipart/mixed; boundary=outer

                --outer
                Content-Type: multipart/alternative; boundary="outer-inner"

                --outer-inner
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: 8bit

                See the report attached.
                --outer-inner
                Content-Type: text/html

                <p>See the <b>report</b> attached.</p>
                --outer-inner--
                --outer
                Content-Type: image/png; name="chart.png"
                Content-Transfer-Encoding: base64

                iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==
                --outer
                Content-Type: application/pdf; name="report.pdf"
                Content-Disposition: attachment; filename="report.pdf"

                %PDF-1.4 binary junk
                --outer
                Content-Type: text/plain; name="notes.txt"
                Content-Disposition: attachment; filename="notes.txt"

                attached notes, not written in the mail
                --outer

                Signature part without headers.
                --outer--
                """;

        assertThat(MailText.clean(mail)).isEqualTo("report\n\nSee the report attached.\n\nSignature part without headers.");
    }

    @Test
    void forwardedMessageBodyIsRead() {
        String mail = """
                From: a@example.org
                Subject: Fwd: hello
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                Forwarding this.
                --b
                Content-Type: message/rfc822

                From: c@example.org
                Subject: hello
                Content-Type: text/plain

                Original text.
                --b--
                """;

        assertThat(MailText.clean(mail)).isEqualTo("Fwd: hello\n\nForwarding this.\n\nOriginal text.");
    }

    @Test
    void whitespaceRunsCollapseButParagraphsStay() {
        String mail = "Subject:   many \t spaces  \r\n\r\nline  one\t\tend\r\nline two\r\n\r\n\r\n\r\n   next\u00A0 paragraph  \r\n";

        assertThat(MailText.clean(mail)).isEqualTo("many spaces\n\nline one end\nline two\n\nnext paragraph");
    }

    @Test
    void malformedMailsFallBackWithoutThrowing() {
        List<String> inputs = List.of(
                "",
                "\n\n\n",
                "From: a@example.org\nContent-Type: multipart/mixed; boundary=missing\n\nno delimiters at all",
                "From: a@example.org\nContent-Type: multipart/mixed\n\n--guess\nContent-Type: text/plain\n\nfound\n--guess--",
                "From: a@example.org\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n\ntruncated",
                "From: a@example.org\nContent-Transfer-Encoding: base64\n\nSGVsbG8gd29ybG",
                "From: a@example.org\nContent-Transfer-Encoding: base64\n\n!!!not base64 at all",
                "From: a@example.org\nContent-Transfer-Encoding: quoted-printable\n\nbad =ZZ escape and = trailing =",
                "From: a@example.org\nContent-Type: text/html\n\n<p>unclosed <b tag &#99999999; &#0; &bogus;",
                "Subject: =?no-such-charset?Q?x=ZZ?= =?utf-8?B?####?=\n\nbody",
                "From: a@example.org\nContent-Type: ;;;=\"\n\n<script>never closed",
                "From: a@example.org\nContent-Type: message/rfc822\n\n");
        for (String input : inputs) {
            assertThat(MailText.clean(input)).as(input).isNotNull();
        }
        assertThat(MailText.clean(null)).isEmpty();
        assertThat(MailText.clean(inputs.get(2))).isEqualTo("no delimiters at all");
        assertThat(MailText.clean(inputs.get(3))).isEqualTo("found");
        assertThat(MailText.clean(inputs.get(4))).isEqualTo("truncated");
        assertThat(MailText.clean(inputs.get(5))).isEqualTo("Hello worl");
        assertThat(MailText.clean(inputs.get(7))).isEqualTo("bad =ZZ escape and = trailing");
    }

    @Test
    void deeplyNestedMultipartsStopInsteadOfOverflowing() {
        StringBuilder mail = new StringBuilder("From: a@example.org\n");
        for (int i = 0; i < 5_000; i++) {
            mail.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i).append('\n');
        }
        mail.append("Content-Type: text/plain\n\ndeep\n");

        assertThat(MailText.clean(mail.toString())).isEmpty();
    }

    @Test
    void textThatIsNotAMailComesBackTrimmed() {
        assertThat(MailText.clean("  Printer on floor 3 is jammed again.\n\nPlease fix.  \n"))
                .isEqualTo("Printer on floor 3 is jammed again.\n\nPlease fix.");
        assertThat(MailText.clean("Note: the <b>server</b> is down &amp; out\n\nthanks"))
                .isEqualTo("Note: the <b>server</b> is down &amp; out\n\nthanks");
    }

    @Test
    void modeParsesSettingValuesAndAppliesThem() {
        assertThat(Mode.parse("text.preprocess", "none")).isEqualTo(Mode.RAW);
        assertThat(Mode.parse("text.preprocess", " MAIL ")).isEqualTo(Mode.CLEAN);
        assertThat(Mode.CLEAN.setting()).isEqualTo("mail");

        String mail = "Subject: hi\n\nthere\n";
        assertThat(Mode.RAW.apply(mail)).isSameAs(mail);
        assertThat(Mode.CLEAN.apply(mail)).isEqualTo("hi\n\nthere");
    }

    @Test
    void modeRejectsOtherValuesNamingFieldAndChoices() {
        assertThatThrownBy(() -> Mode.parse("text.preprocess", "html"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("text.preprocess = 'html' is not allowed; allowed: none, mail, mail-headers");
        assertThatThrownBy(() -> Mode.parse("text.preprocess", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text.preprocess");
    }

    @Test
    void everyMailOfTheSpamAssassinCorpusCleans() throws IOException {
        Path corpus = findCorpus();
        Assumptions.assumeTrue(corpus != null,
                "corpus " + CORPUS + " not found in any parent folder of the module; skipping");
        ObjectMapper json = new ObjectMapper();
        List<String> leftovers = new ArrayList<>();
        long rawChars = 0;
        long cleanChars = 0;
        int mails = 0;
        try (BufferedReader lines = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode record = json.readTree(line);
                String raw = record.get("text").asText();
                String clean = MailText.clean(raw);
                String lower = clean.toLowerCase(Locale.ROOT);
                boolean leftover = lower.contains("content-transfer-encoding:") || lower.contains("<html");
                if (leftover && !MAILS_ABOUT_MIME.contains(record.get("id").asText())) {
                    leftovers.add(record.get("id").asText());
                }
                rawChars += raw.length();
                cleanChars += clean.length();
                mails++;
            }
        }
        System.out.printf("MailText on %s: %d mails, average length raw %d chars, cleaned %d chars%n",
                corpus.getFileName(), mails, rawChars / mails, cleanChars / mails);

        assertThat(mails).isEqualTo(3_250);
        assertThat(leftovers).as("mails with MIME or HTML leftovers").isEmpty();
    }

    /** The corpus sits in a {@code shared} folder next to the repository; tests run in the module folder. */
    private static Path findCorpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(CORPUS);
            if (Files.isReadable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
