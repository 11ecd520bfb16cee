package io.llmstream.core.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a mailing list adds to a mail it delivers, which {@link MailText.Mode#CLEAN_WITH_EVIDENCE}
 * leaves out: the {@code [list]} tag it puts in front of the subject and the footer it appends to
 * the body (Mailman's "... mailing list / listinfo" lines, with a sponsor's block above them on
 * some hosts). Both say which list carried the mail, not what its sender wrote: a spam offer
 * posted to a list arrives with the same footer as the list's discussions, and a head that reads
 * the footer learns the mailbox's lists rather than the offer. Only mail with list headers ({@code
 * List-Id}, {@code List-Post}, {@code List-Unsubscribe}, {@code Mailing-List}) is touched, and a
 * footer only at the very end of the body, so a sender's own "to unsubscribe" lines in the middle
 * of a mail, or a footer quoted in a reply, stay.
 */
final class ListAdditions {
    private static final Pattern TAG = Pattern.compile("^((?:(?:re|fwd?|aw)\\s*:\\s*)*)\\[[^\\]]{1,40}\\]\\s*",
            Pattern.CASE_INSENSITIVE);
    /** A signature dash line, or a rule of dashes or underscores (html-to-text may have joined it to its neighbours). */
    private static final Pattern SEPARATOR = Pattern.compile("(?m)^-- ?$|_{10,}|-{10,}");
    private static final Pattern LIST_WORDS = Pattern.compile("(?i)listinfo|/mailman/|mailing list|\\(un\\)subscri|sponsored by");
    /** A footer is this long at most: Mailman's three lines and a host's sponsor block above them. */
    private static final int FOOTER_CHARS = 600;

    private ListAdditions() {
    }

    /** Whether the mail came through a mailing list, by the headers lists add. */
    static boolean delivered(MailText.Entity mail) {
        return !mail.header("list-id").isEmpty() || !mail.header("list-post").isEmpty()
                || !mail.header("list-unsubscribe").isEmpty() || !mail.header("mailing-list").isEmpty();
    }

    /** The subject without a leading {@code [list]} tag; a {@code Re:} or {@code Fwd:} before it stays. */
    static String withoutTag(String subject) {
        return TAG.matcher(subject).replaceFirst("$1");
    }

    /**
     * The body cut at the first separator of its last {@value #FOOTER_CHARS} characters after which
     * list words follow; the body as it is when there is none.
     */
    static String withoutFooter(String body) {
        Matcher separator = SEPARATOR.matcher(body);
        int at = Math.max(0, body.length() - FOOTER_CHARS);
        while (at < body.length() && separator.find(at)) {
            if (LIST_WORDS.matcher(body).region(separator.start(), body.length()).find()) {
                return body.substring(0, separator.start()).strip();
            }
            at = separator.end();
        }
        return body;
    }
}
