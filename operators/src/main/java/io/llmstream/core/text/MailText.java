package io.llmstream.core.text;

import io.llmstream.core.config.EnumValues;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.configuration.description.TextElement;

/**
 * Turns a raw e-mail (RFC 822 headers, MIME parts, transfer encodings, charsets, HTML) into the
 * text a model should see: the subject, a blank line, and the readable body.
 *
 * <p>Mail in the wild is often malformed, so everything here is lenient: a part that cannot be
 * understood is read as plain text or skipped, never reported. {@link #clean} does not throw.
 */
public final class MailText {
    /** Nesting deeper than this is an attack or a loop, not a mail someone wrote. */
    static final int MAX_DEPTH = 20;

    /** DOTALL: a value may hold U+0085 or U+2028, which {@code .} would not match. */
    private static final Pattern HEADER_FIELD = Pattern.compile("([!-9;-~]+):(.*)", Pattern.DOTALL);
    private static final Pattern MIME_FIELD = Pattern.compile("(?i)(content-[a-z-]+|mime-version):.*", Pattern.DOTALL);
    private static final Pattern PARAMETER = Pattern.compile(
            ";\\s*([^=\\s;]+)\\s*=\\s*(?:\"([^\"]*)\"?|([^;\\s]*))");
    static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");
    private static final Pattern BASE64_LINE = Pattern.compile("[A-Za-z0-9+/]*=*");
    static final Pattern HTML_START = Pattern.compile("(?im)^[ \\t]*(<!doctype html|<html[\\s>])");
    private static final Pattern SPACES = Pattern.compile("[[\\s\\u00A0\\u2007\\u202F\\p{Cc}]&&[^\\n]]+");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

    /**
     * Fields that only a mail header block starts with; a text whose first lines merely look like
     * "Name: value" is not taken for a mail unless one of them is there.
     */
    private static final Set<String> MAIL_FIELDS = Set.of(
            "from", "to", "cc", "subject", "date", "received", "return-path", "delivered-to",
            "message-id", "mime-version", "content-type", "reply-to", "sender");

    private MailText() {
    }

    /** What the pipeline does to a text before the model sees it. */
    public enum Mode implements DescribedEnum {
        /** The text as it arrived. */
        RAW("none", "The text as sent."),
        /** The text read as an e-mail and reduced by {@link MailText#clean}. */
        CLEAN("mail", "A raw e-mail reduced to its subject and readable body: headers dropped, MIME parts decoded,"
                + " HTML turned into text."),
        /** As {@link #CLEAN} without a mailing list's {@link ListAdditions}, led by a line of {@link MailEvidence} words. */
        CLEAN_WITH_EVIDENCE("mail-headers", "The mail as its sender wrote it: as mail, without what a mailing list"
                + " added on the way (the subject's [list] tag, the list's footer), led by a line of words for what the"
                + " headers and MIME structure say and mail drops: the body's form (plain text, html alternative, html"
                + " only), links (no, few, many, ip links), images, windows or foreign charset, base64-encoded text, a"
                + " priority flag, undisclosed recipients, a shouting subject.");

        private final String setting;
        private final String description;

        Mode(String setting, String description) {
            this.setting = setting;
            this.description = description;
        }

        /** The value that selects this mode in a setting, for example {@code mail}. */
        public String setting() {
            return setting;
        }

        /**
         * Reads a setting value, ignoring case and surrounding blanks.
         *
         * @param field name of the setting, used in the error message
         * @throws IllegalArgumentException naming the field, the value and the allowed values
         */
        public static Mode parse(String field, String value) {
            return EnumValues.parse(Mode.class, field, value, null);
        }

        /** {@link #setting()}: Flink's {@code enumType} options match values against it. */
        @Override
        public String toString() {
            return setting;
        }

        @Override
        public InlineElement getDescription() {
            return TextElement.text(description);
        }

        /** The text this mode gives the model. */
        public String apply(String text) {
            return switch (this) {
                case RAW -> text;
                case CLEAN -> clean(text);
                case CLEAN_WITH_EVIDENCE -> withEvidence(text);
            };
        }
    }

    /**
     * Reduces a raw e-mail to {@code "Subject\n\nbody"}: headers other than the (decoded) subject
     * dropped, MIME parts walked with plain text preferred over HTML, transfer encodings and charsets
     * decoded, HTML turned into text, attachments and non-text parts skipped, runs of spaces and of
     * blank lines collapsed. A text without a mail header block comes back trimmed but otherwise as
     * it is; so does anything the reader stumbles over.
     *
     * @param raw the mail, or any text; null is read as empty
     */
    public static String clean(String raw) {
        if (raw == null) {
            return "";
        }
        try {
            Entity mail = parse(raw);
            return mail == null ? raw.strip() : clean(mail, false);
        } catch (RuntimeException e) {
            // A pipeline must not stop on one odd mail; the raw text is still better than nothing.
            return raw.strip();
        }
    }

    /**
     * {@link #clean}'s text without what a mailing list added to it ({@link ListAdditions}), led by its
     * {@link #evidence} line and a blank line; a text that is not a mail comes back as {@link #clean}
     * gives it. The mail is parsed once for both.
     */
    public static String withEvidence(String raw) {
        if (raw == null) {
            return "";
        }
        Entity mail;
        try {
            mail = parse(raw);
        } catch (RuntimeException e) {
            return raw.strip();
        }
        if (mail == null) {
            return raw.strip();
        }
        String text;
        try {
            text = clean(mail, true);
        } catch (RuntimeException e) {
            text = raw.strip();
        }
        String evidence;
        try {
            evidence = MailEvidence.of(mail);
        } catch (RuntimeException e) {
            evidence = ""; // an odd mail still has its clean text
        }
        return evidence.isEmpty() ? text : evidence + "\n\n" + text;
    }

    /**
     * The {@link MailEvidence} words of a raw e-mail on one line, or an empty string for a text
     * that is not a mail (or null). Does not throw.
     */
    public static String evidence(String raw) {
        if (raw == null) {
            return "";
        }
        try {
            Entity mail = parse(raw);
            return mail == null ? "" : MailEvidence.of(mail);
        } catch (RuntimeException e) {
            return ""; // an odd mail still has its clean text
        }
    }

    /** The top-level entity of a raw mail with its line ends normalised; null for a text without a header block. */
    private static Entity parse(String raw) {
        return Entity.parse(raw.replace("\r\n", "\n").replace('\r', '\n'), true);
    }

    /** Subject and body of a parsed mail; with {@code senderOnly}, without what a mailing list added. */
    private static String clean(Entity mail, boolean senderOnly) {
        String subject = tidy(decodeWords(mail.header("subject"))).replace('\n', ' ');
        String body = tidy(mail.text(0));
        if (senderOnly && ListAdditions.delivered(mail)) {
            subject = ListAdditions.withoutTag(subject);
            body = ListAdditions.withoutFooter(body);
        }
        if (subject.isEmpty() || body.isEmpty()) {
            return subject + body;
        }
        return subject + "\n\n" + body;
    }

    /** A header block and the body it describes: the whole mail, or one MIME part of it. */
    record Entity(Map<String, String> headers, String body) {

        /**
         * Splits header block and body. For a top-level mail, returns null when the text has no
         * header block; for a MIME part, headers are optional (a part may start with its blank line).
         */
        static Entity parse(String text, boolean topLevel) {
            String[] lines = text.split("\n", -1);
            int i = 0;
            if (topLevel && lines[0].startsWith("From ")) {
                i++; // the mbox separator line, not a header
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String name = null;
            StringBuilder value = new StringBuilder();
            for (; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank()) {
                    i++;
                    break;
                }
                if (name != null && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                    value.append(line); // folded header line: the value goes on
                    continue;
                }
                Matcher field = HEADER_FIELD.matcher(line);
                if (!field.matches()) {
                    break; // no blank line after the headers: the body starts here
                }
                put(headers, name, value);
                name = field.group(1).toLowerCase(Locale.ROOT);
                value.setLength(0);
                value.append(field.group(2));
            }
            put(headers, name, value);
            if (topLevel && headers.keySet().stream().noneMatch(MAIL_FIELDS::contains)) {
                return null;
            }
            String body = String.join("\n", Arrays.asList(lines).subList(Math.min(i, lines.length), lines.length));
            return new Entity(headers, body);
        }

        private static void put(Map<String, String> headers, String name, StringBuilder value) {
            if (name != null) {
                headers.putIfAbsent(name, value.toString().strip());
            }
        }

        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        String mimeType() {
            String type = header("content-type");
            int semicolon = type.indexOf(';');
            String mime = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
            return mime.indexOf('/') > 0 ? mime : "text/plain";
        }

        String parameter(String name) {
            Matcher m = PARAMETER.matcher(header("content-type"));
            while (m.find()) {
                if (m.group(1).equalsIgnoreCase(name)) {
                    return m.group(2) != null ? m.group(2) : m.group(3);
                }
            }
            return "";
        }

        boolean isAttachment() {
            return header("content-disposition").toLowerCase(Locale.ROOT).startsWith("attachment");
        }

        /** The readable text of this entity, or an empty string when it has none. */
        String text(int depth) {
            if (depth > MAX_DEPTH) {
                return "";
            }
            String mime = mimeType();
            if (mime.startsWith("multipart/")) {
                return multipartText(mime, depth);
            }
            if (mime.equals("message/rfc822")) {
                return parse(body, false).text(depth + 1);
            }
            if (!mime.startsWith("text/")) {
                return "";
            }
            String decoded = decodeBody(body, header("content-transfer-encoding"), charset(parameter("charset")));
            return mime.equals("text/html") ? HtmlText.toText(decoded) : plainText(decoded, depth);
        }

        /**
         * Plain text that carries what belongs in other parts: senders label HTML as plain text,
         * paste HTML below their words, or paste or badly forward whole MIME messages. From the
         * first such line on, the text is read as what it is.
         */
        private static String plainText(String text, int depth) {
            Matcher html = HTML_START.matcher(text);
            int htmlStart = html.find() ? html.start() : -1;
            int mimeStart = embeddedMimeStart(text);
            if (htmlStart >= 0 && (mimeStart < 0 || htmlStart < mimeStart)) {
                return text.substring(0, htmlStart) + "\n\n" + HtmlText.toText(text.substring(htmlStart));
            }
            if (mimeStart < 0) {
                return text;
            }
            String rest = text.substring(mimeStart);
            Entity embedded = rest.startsWith("--")
                    ? new Entity(Map.of("content-type", "multipart/mixed"), rest)
                    : parse(rest, false);
            return text.substring(0, mimeStart) + "\n\n" + embedded.text(depth + 1);
        }

        private String multipartText(String mime, int depth) {
            List<Entity> parts = parts(body, parameter("boundary"));
            if (parts.isEmpty()) {
                String guessed = guessBoundary(body);
                parts = guessed.isEmpty() ? List.of() : parts(body, guessed);
            }
            if (parts.isEmpty()) {
                // Not really multipart after all: read it as the plain text it probably is.
                return new Entity(Map.of(), body).text(depth + 1);
            }
            if (mime.equals("multipart/alternative")) {
                return alternativeText(parts, depth);
            }
            List<String> texts = new ArrayList<>();
            for (Entity part : parts) {
                String text = part.isAttachment() ? "" : part.text(depth + 1);
                if (!text.isBlank()) {
                    texts.add(text.strip());
                }
            }
            return String.join("\n\n", texts);
        }

        /** The first plain-text version that has text; failing that, the last other one (the richest, by RFC 2046). */
        private static String alternativeText(List<Entity> parts, int depth) {
            String fallback = "";
            for (Entity part : parts) {
                String text = part.text(depth + 1);
                if (text.isBlank()) {
                    continue;
                }
                if (part.mimeType().equals("text/plain")) {
                    return text;
                }
                fallback = text;
            }
            return fallback;
        }
    }

    /** The body parts between the delimiter lines of a boundary; preamble and epilogue are dropped. */
    static List<Entity> parts(String body, String boundary) {
        List<Entity> parts = new ArrayList<>();
        if (boundary.isBlank()) {
            return parts;
        }
        String delimiter = "--" + boundary;
        StringBuilder part = null; // null while in the preamble
        for (String line : body.split("\n", -1)) {
            if (line.startsWith(delimiter)) {
                String rest = line.substring(delimiter.length()).strip();
                boolean close = rest.startsWith("--");
                // A longer line is another (nested) boundary that starts with this one.
                if (rest.isEmpty() || close) {
                    if (part != null) {
                        parts.add(Entity.parse(part.toString(), false));
                    }
                    if (close) {
                        return parts;
                    }
                    part = new StringBuilder();
                    continue;
                }
            }
            if (part != null) {
                part.append(line).append('\n');
            }
        }
        if (part != null) {
            parts.add(Entity.parse(part.toString(), false)); // truncated mail: no close delimiter
        }
        return parts;
    }

    /** A boundary that the header failed to declare: a "--" line followed by a part header. */
    static String guessBoundary(String body) {
        String[] lines = body.split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i++) {
            if (isDelimiter(lines[i]) && MIME_FIELD.matcher(lines[i + 1]).matches()) {
                String boundary = lines[i].substring(2).strip();
                return boundary.endsWith("--") ? boundary.substring(0, boundary.length() - 2) : boundary;
            }
        }
        return "";
    }

    /**
     * Where MIME structure starts inside a text, or -1: the first MIME header line, or the
     * delimiter line just above it.
     */
    private static int embeddedMimeStart(String text) {
        String[] lines = text.split("\n", -1);
        int offset = 0;
        for (int i = 0; i < lines.length; i++) {
            if (MIME_FIELD.matcher(lines[i]).matches()) {
                return i > 0 && isDelimiter(lines[i - 1]) ? offset - lines[i - 1].length() - 1 : offset;
            }
            offset += lines[i].length() + 1;
        }
        return -1;
    }

    private static boolean isDelimiter(String line) {
        return line.startsWith("--") && line.strip().length() > 2;
    }

    static String decodeBody(String body, String transferEncoding, Charset charset) {
        return switch (transferEncoding.strip().toLowerCase(Locale.ROOT)) {
            case "quoted-printable" -> quotedPrintable(body, charset);
            case "base64" -> new String(base64(body), charset);
            default -> body; // 7bit, 8bit, binary: the characters are already there
        };
    }

    /**
     * Decodes quoted-printable text (RFC 2045). Runs of {@code =XX} bytes are decoded with the
     * charset; literal characters are kept as they are, so that text already decoded upstream is not
     * mangled; malformed escapes stay.
     */
    private static String quotedPrintable(String text, Charset charset) {
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '=') {
                int end = i + 1;
                while (end < n && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
                    end++;
                }
                if (end == n || text.charAt(end) == '\n') {
                    i = end; // soft line break: the line goes on
                    continue;
                }
                int high = i + 2 < n ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (low >= 0) {
                    bytes.write(high * 16 + low);
                    i += 2;
                    continue;
                }
            }
            flush(bytes, charset, out);
            out.append(c);
        }
        flush(bytes, charset, out);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream bytes, Charset charset, StringBuilder out) {
        if (bytes.size() > 0) {
            out.append(new String(bytes.toByteArray(), charset));
            bytes.reset();
        }
    }

    /**
     * Decodes base64 leniently: reading stops at the padding or at the first line that is not
     * base64 (mailing lists append footers to encoded parts), and a truncated tail is decoded as
     * far as it goes.
     */
    private static byte[] base64(String text) {
        StringBuilder data = new StringBuilder(text.length());
        for (String line : text.split("\n")) {
            String chunk = line.strip();
            if (chunk.isEmpty()) {
                continue;
            }
            if (!BASE64_LINE.matcher(chunk).matches()) {
                break;
            }
            data.append(chunk);
            if (chunk.endsWith("=")) {
                break;
            }
        }
        int end = data.indexOf("=");
        int length = end < 0 ? data.length() : end;
        if (length % 4 == 1) {
            length--; // a lone sixth of a byte cannot be decoded
        }
        return Base64.getDecoder().decode(data.substring(0, length));
    }

    /**
     * The charset a part declares. US-ASCII and unknown or missing names are read as ISO-8859-1:
     * 8-bit bytes in such parts are Latin-1 in practice, and every byte maps to a character.
     */
    static Charset charset(String name) {
        String cleaned = name.strip();
        if (cleaned.isEmpty() || cleaned.equalsIgnoreCase("us-ascii")) {
            return StandardCharsets.ISO_8859_1;
        }
        try {
            return Charset.forName(cleaned);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    /**
     * Decodes RFC 2047 encoded words. The blanks between two adjacent words belong to neither, and
     * the bytes of adjacent words in the same charset are decoded together: senders split a
     * multi-byte character across two words ({@code =?UTF-8?Q?caf=C3?= =?UTF-8?Q?=A9?=} is "café").
     */
    static String decodeWords(String header) {
        Matcher m = ENCODED_WORD.matcher(header);
        StringBuilder out = new StringBuilder(header.length());
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        Charset runCharset = null;
        int last = 0;
        while (m.find()) {
            String between = header.substring(last, m.start());
            Charset charset = charset(m.group(1).replaceFirst("\\*.*", "")); // drop an RFC 2231 language tag
            boolean adjacent = runCharset != null && between.isBlank();
            if (!adjacent || !charset.equals(runCharset)) {
                flush(run, runCharset, out);
            }
            if (!adjacent) {
                out.append(between);
            }
            String encoded = m.group(3);
            run.writeBytes(m.group(2).equalsIgnoreCase("b") ? base64(encoded) : qBytes(encoded, charset));
            runCharset = charset;
            last = m.end();
        }
        flush(run, runCharset, out);
        return out.append(header, last, header.length()).toString();
    }

    /**
     * The bytes of an RFC 2047 Q-encoded text: {@code _} is a space, {@code =XX} a byte; other
     * characters stand for themselves (in the word's charset, should one not be ASCII), and so does a
     * malformed escape.
     */
    private static byte[] qBytes(String text, Charset charset) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int high = c == '=' && i + 2 < n ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (low >= 0) {
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '_') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(charset));
            }
        }
        return bytes.toByteArray();
    }

    /** Collapses runs of blanks within lines and runs of blank lines, keeping line and paragraph breaks. */
    private static String tidy(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        for (String line : lines) {
            out.append(SPACES.matcher(line).replaceAll(" ").strip()).append('\n');
        }
        return BLANK_LINES.matcher(out).replaceAll("\n\n").strip();
    }
}
