package io.llmstream.core.text;

import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns HTML into the text a reader would see: invisible parts dropped, tags removed, block tags
 * turned into line breaks and character references decoded. Runs of blanks around the breaks are
 * left for the caller to tidy. A lenient scan, not a parser: mail HTML is too often broken for a strict one.
 */
final class HtmlText {
    /** Content a reader never sees; the close tag is required so that a stray open tag cannot eat the text. */
    private static final Pattern HIDDEN = Pattern.compile(
            "<!--.*?-->|<(script|style|head|title|xml)\\b[^>]*>.*?</\\1\\s*>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern TAG = Pattern.compile("</?([A-Za-z][A-Za-z0-9]*)[^>]*>|<[!?][^>]*>");
    private static final Pattern ENTITY = Pattern.compile(
            "&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?");

    private static final Set<String> LINE_TAGS = Set.of(
            "br", "div", "tr", "li", "dt", "dd", "hr", "center", "form", "section", "article",
            "header", "footer", "nav", "address", "pre", "caption");
    private static final Set<String> PARAGRAPH_TAGS = Set.of(
            "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "blockquote");
    /** Adjacent cells must not glue their words together. */
    private static final Set<String> CELL_TAGS = Set.of("td", "th");

    /** HTML 4 names of the Latin-1 characters U+00A0 to U+00FF, in code point order. */
    private static final String LATIN1_NAMES = "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo"
            + " not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14"
            + " frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc"
            + " Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave"
            + " Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil"
            + " egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml"
            + " divide oslash ugrave uacute ucirc uuml yacute thorn yuml";
    private static final Map<String, String> ENTITIES = entities();

    /** Browsers read references to U+0080..U+009F as windows-1252, and so did the senders. */
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private HtmlText() {
    }

    static String toText(String html) {
        String visible = HIDDEN.matcher(html).replaceAll(" ");
        // Line breaks in the source are mere spaces to a browser; only block tags break lines.
        String flowed = WHITESPACE.matcher(visible).replaceAll(" ");
        String untagged = TAG.matcher(flowed).replaceAll(HtmlText::tagReplacement);
        return decodeEntities(untagged);
    }

    /** Decodes named, decimal and hexadecimal character references; unknown names stay as written. */
    static String decodeEntities(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        return ENTITY.matcher(text).replaceAll(m -> Matcher.quoteReplacement(entity(m.group(1), m.group())));
    }

    private static String tagReplacement(MatchResult m) {
        String name = m.group(1);
        if (name == null) {
            return "";
        }
        String tag = name.toLowerCase(Locale.ROOT);
        if (PARAGRAPH_TAGS.contains(tag)) {
            return "\n\n";
        }
        if (LINE_TAGS.contains(tag)) {
            return "\n";
        }
        return CELL_TAGS.contains(tag) ? " " : "";
    }

    private static String entity(String name, String asWritten) {
        if (name.charAt(0) != '#') {
            String named = ENTITIES.get(name);
            if (named == null) {
                named = ENTITIES.get(name.toLowerCase(Locale.ROOT));
            }
            return named != null ? named : asWritten;
        }
        boolean hex = name.charAt(1) == 'x' || name.charAt(1) == 'X';
        int codePoint = Integer.parseInt(name.substring(hex ? 2 : 1), hex ? 16 : 10);
        if (codePoint >= 0x80 && codePoint <= 0x9F) {
            return new String(new byte[] {(byte) codePoint}, WINDOWS_1252);
        }
        if (codePoint == 0 || codePoint > Character.MAX_CODE_POINT
                || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
            return "\uFFFD";
        }
        return Character.toString(codePoint);
    }

    private static Map<String, String> entities() {
        Map<String, String> map = new HashMap<>();
        String[] latin1 = LATIN1_NAMES.split(" ");
        for (int i = 0; i < latin1.length; i++) {
            map.put(latin1[i], Character.toString(0xA0 + i));
        }
        map.put("amp", "&");
        map.put("lt", "<");
        map.put("gt", ">");
        map.put("quot", "\"");
        map.put("apos", "'");
        map.put("ndash", "\u2013");
        map.put("mdash", "\u2014");
        map.put("lsquo", "\u2018");
        map.put("rsquo", "\u2019");
        map.put("sbquo", "\u201A");
        map.put("ldquo", "\u201C");
        map.put("rdquo", "\u201D");
        map.put("bdquo", "\u201E");
        map.put("dagger", "\u2020");
        map.put("bull", "\u2022");
        map.put("hellip", "\u2026");
        map.put("permil", "\u2030");
        map.put("euro", "\u20AC");
        map.put("trade", "\u2122");
        return Map.copyOf(map);
    }
}
