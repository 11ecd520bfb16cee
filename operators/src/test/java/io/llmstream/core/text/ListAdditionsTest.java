package io.llmstream.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.core.text.MailText.Mode;
import org.junit.jupiter.api.Test;

/** mail-headers leaves out what a mailing list added to a mail: the subject's tag and the footer. */
class ListAdditionsTest {
    private static final String FOOTER = """

            _______________________________________________
            Webmake-talk mailing list
            Webmake-talk@lists.example.net
            https://lists.example.net/lists/listinfo/webmake-talk
            """;

    private static String mail(String listHeaders, String subject, String body) {
        return "From: Sender <sender@example.org>\n"
                + "To: webmake-talk@lists.example.net\n"
                + listHeaders
                + "Subject: " + subject + "\n"
                + "Content-Type: text/plain; charset=us-ascii\n\n"
                + body;
    }

    private static String body(String withEvidence) {
        return withEvidence.substring(withEvidence.indexOf("\n\n") + 2);
    }

    @Test
    void theListsTagAndFooterAreLeftOutOfTheSendersMailButMailKeepsThem() {
        String raw = mail("List-Id: <webmake-talk.lists.example.net>\n", "Re: [WM] Green card lottery",
                "Enter the green card lottery today: http://lottery.example.com/\n" + FOOTER);

        assertThat(body(Mode.CLEAN_WITH_EVIDENCE.apply(raw)))
                .isEqualTo("Re: Green card lottery\n\nEnter the green card lottery today: http://lottery.example.com/");
        assertThat(Mode.CLEAN.apply(raw)).startsWith("Re: [WM] Green card lottery").contains("listinfo/webmake-talk");
    }

    @Test
    void aFooterJoinedToTheTextOfAnHtmlPartIsCutToo() {
        String raw = "From: a@example.org\nList-Post: <mailto:webmake-talk@lists.example.net>\nSubject: [WM] offer\n"
                + "Content-Type: text/html; charset=windows-1254\n\n"
                + "<html><body><p>Cheap pills</p>\n"
                + "------------------------------------------------------- This email is sponsored by: a host\n"
                + "_______________________________________________ webmake-talk mailing list"
                + " https://lists.example.net/lists/listinfo/webmake-talk</body></html>\n";

        assertThat(body(MailText.withEvidence(raw))).isEqualTo("offer\n\nCheap pills");
    }

    @Test
    void mailThatNoListDeliveredKeepsItsSubjectAndEnding() {
        String raw = mail("", "[WM] Green card lottery", "Enter today.\n" + FOOTER);

        assertThat(body(MailText.withEvidence(raw))).startsWith("[WM] Green card lottery\n\nEnter today.")
                .endsWith("listinfo/webmake-talk");
    }

    @Test
    void aFooterQuotedFarFromTheEndAndTheSendersOwnWordsStay() {
        String reply = "> Quoted question?\n> " + FOOTER.strip().replace("\n", "\n> ") + "\n\n"
                + "My answer, long enough to push the quoted footer out of the last lines of the mail. ".repeat(10)
                + "\nTo unsubscribe from my newsletter, reply with the word remove.";
        String raw = mail("List-Id: <webmake-talk.lists.example.net>\n", "Re: [WM] question", reply + "\n" + FOOTER);

        String text = body(MailText.withEvidence(raw));

        assertThat(text).startsWith("Re: question\n\n> Quoted question?").contains("> Webmake-talk mailing list")
                .endsWith("To unsubscribe from my newsletter, reply with the word remove.");
    }
}
