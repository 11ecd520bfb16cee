package io.llmstream.core.text;

import io.llmstream.core.text.MailText.Entity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words for how a mail was composed and sent, read from the headers and the MIME structure that
 * {@link MailText#clean} drops: the body's form ({@code plain text}, {@code html alternative},
 * {@code html only}), its links ({@code no links}, {@code few links}, {@code many links}, {@code ip
 * links}), {@code images}, a {@code windows charset} or {@code foreign charset}, {@code encoded text}
 * (base64 text parts), a {@code priority flag}, {@code undisclosed recipients} and a {@code
 * shouting subject}, in that order, separated by commas.
 *
 * <p>Only evidence that the sender's software puts into the mail is read, since it goes with the
 * mail to any mailbox: bulk mailers send HTML with many links, images and links to bare IP
 * addresses, hide text from filters in base64, write in charsets the reader's language does not use,
 * flag mail urgent and hide the recipient list, and type subjects in capitals (which the uncased
 * tokenizers do not see). What the receiving side adds is left out: the number of Received hops and
 * mailing-list headers describe the mailbox and the way a corpus was collected, not the sender.
 */
final class MailEvidence {
    private static final Pattern LINK = Pattern.compile("(?i)href\\s*=|https?://|\\bwww\\.");
    private static final Pattern IP_LINK = Pattern.compile("(?i)https?://\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern IMAGE = Pattern.compile("(?i)<img[\\s>/]");
    private static final Pattern UNDISCLOSED = Pattern.compile("(?i)undisclosed|recipient list");
    private static final Pattern SUBJECT_WORD = Pattern.compile("\\p{L}{3,}");
    /** More links than this are many: a personal mail quotes a link or two, a mailing-list footer one more. */
    private static final int FEW_LINKS = 3;
    /** Charsets of mail written in Western languages, as the SpamAssassin corpus's readers wrote it. */
    private static final Set<String> LATIN = Set.of("", "us-ascii", "iso-8859-1", "iso-8859-15", "utf-8");

    private boolean plain;
    private boolean html;
    private boolean image;
    private boolean base64;
    private boolean windowsCharset;
    private boolean foreignCharset;
    private boolean ipLink;
    private int links;

    private MailEvidence() {
    }

    /** The evidence words of a parsed mail; never empty for a mail with a text part. */
    static String of(Entity mail) {
        MailEvidence evidence = new MailEvidence();
        evidence.visit(mail, 0);
        evidence.charsetOf(mail.header("subject"));
        String subject = MailText.decodeWords(mail.header("subject"));
        List<String> words = new ArrayList<>();
        if (evidence.html) {
            words.add(evidence.plain ? "html alternative" : "html only");
        } else if (evidence.plain) {
            words.add("plain text");
        }
        words.add(evidence.links == 0 ? "no links" : evidence.links <= FEW_LINKS ? "few links" : "many links");
        add(words, evidence.ipLink, "ip links");
        add(words, evidence.image, "images");
        add(words, evidence.foreignCharset, "foreign charset");
        add(words, evidence.windowsCharset && !evidence.foreignCharset, "windows charset");
        add(words, evidence.base64, "encoded text");
        add(words, !mail.header("x-priority").isEmpty() || !mail.header("x-msmail-priority").isEmpty(), "priority flag");
        add(words, UNDISCLOSED.matcher(mail.header("to")).find(), "undisclosed recipients");
        add(words, shouting(subject), "shouting subject");
        return String.join(", ", words);
    }

    private static void add(List<String> words, boolean present, String word) {
        if (present) {
            words.add(word);
        }
    }

    /** More than half of the subject's words of three letters or more are in capitals. */
    static boolean shouting(String subject) {
        Matcher m = SUBJECT_WORD.matcher(subject);
        int words = 0;
        int upper = 0;
        while (m.find()) {
            words++;
            if (m.group().equals(m.group().toUpperCase(Locale.ROOT)) && !m.group().equals(m.group().toLowerCase(Locale.ROOT))) {
                upper++;
            }
        }
        return words > 0 && 2 * upper > words;
    }

    private void visit(Entity entity, int depth) {
        if (depth > MailText.MAX_DEPTH) {
            return;
        }
        String mime = entity.mimeType();
        if (mime.startsWith("multipart/")) {
            List<Entity> parts = MailText.parts(entity.body(), entity.parameter("boundary"));
            if (parts.isEmpty()) {
                String guessed = MailText.guessBoundary(entity.body());
                parts = guessed.isEmpty() ? List.of() : MailText.parts(entity.body(), guessed);
            }
            for (Entity part : parts) {
                visit(part, depth + 1);
            }
        } else if (mime.equals("message/rfc822")) {
            visit(Entity.parse(entity.body(), false), depth + 1);
        } else if (mime.startsWith("image/")) {
            image = true;
        } else if (mime.startsWith("text/") && !entity.isAttachment()) {
            text(entity, mime);
        }
    }

    private void text(Entity part, String mime) {
        String encoding = part.header("content-transfer-encoding").strip().toLowerCase(Locale.ROOT);
        base64 |= encoding.equals("base64");
        String charset = part.parameter("charset");
        charsetNamed(charset);
        String text = MailText.decodeBody(part.body(), encoding, MailText.charset(charset));
        // HTML labelled as plain text is HTML to the reader, as clean reads it
        if (mime.equals("text/html") || MailText.HTML_START.matcher(text).find()) {
            html = true;
        } else {
            plain = true;
        }
        Matcher link = LINK.matcher(text);
        while (link.find()) {
            links++;
        }
        ipLink |= IP_LINK.matcher(text).find();
        image |= IMAGE.matcher(text).find();
    }

    private void charsetOf(String rawSubject) {
        Matcher word = MailText.ENCODED_WORD.matcher(rawSubject);
        while (word.find()) {
            charsetNamed(word.group(1));
        }
    }

    private void charsetNamed(String name) {
        String charset = name.strip().toLowerCase(Locale.ROOT);
        if (charset.startsWith("windows-")) {
            windowsCharset = true;
        } else if (!LATIN.contains(charset)) {
            foreignCharset = true;
        }
    }
}
