package io.llmstream.core.keywords;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The short word lists candidates are formed with: English stop words (a keyword neither starts
 * nor ends with one), and the Chinese function words and characters that cut a run of Han
 * characters, with the few common content words that contain such a character and stay whole.
 */
final class StopWords {

    /** English function words, modal verbs and contractions; matched lower-cased. */
    static final Set<String> ENGLISH = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "almost", "also", "although", "always", "am",
            "among", "an", "and", "another", "any", "are", "aren't", "as", "at", "be", "because", "been", "before",
            "being", "below", "between", "both", "but", "by", "can", "can't", "cannot", "could", "couldn't", "did",
            "didn't", "do", "does", "doesn't", "doing", "don't", "down", "during", "each", "either", "else", "enough",
            "even", "ever", "every", "few", "for", "from", "further", "had", "hadn't", "has", "hasn't", "have",
            "haven't", "having", "he", "he's", "her", "here", "here's", "hers", "herself", "him", "himself", "his",
            "how", "however", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's",
            "its", "itself", "just", "least", "less", "let", "let's", "like", "many", "may", "me", "might", "more",
            "most", "mr", "mrs", "ms", "much", "must", "my", "myself", "neither", "never", "no", "nor", "not", "now",
            "of", "off", "often", "on", "once", "one", "only", "or", "other", "others", "ought", "our", "ours",
            "ourselves", "out", "over", "own", "per", "perhaps", "quite", "rather", "really", "same", "shall",
            "she", "she's", "should", "shouldn't", "since", "so", "some", "still", "such", "than", "that", "that's",
            "the", "their", "theirs", "them", "themselves", "then", "there", "there's", "these", "they", "they'd",
            "they'll", "they're", "they've", "this", "those", "though", "through", "thus", "to", "too", "toward",
            "towards", "under", "until", "up", "upon", "us", "very", "via", "was", "wasn't", "we", "we'd", "we'll",
            "we're", "we've", "well", "were", "weren't", "what", "what's", "when", "where", "whether", "which",
            "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "won't", "would",
            "wouldn't", "yet", "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself",
            "yourselves");

    /** Chinese function characters: almost always grammatical, rarely part of a keyword. */
    private static final String CHINESE_FUNCTION_CHARS = "的了是在和与及也就都而等着把被让吗呢吧啊呀很并但又或之其于从向对给将由该此这那我你他她它们个不更最已得";

    /** Chinese function words of two or three characters: pronouns, conjunctions, adverbs, time words. */
    private static final Set<String> CHINESE_FUNCTION_WORDS = Set.of(
            "我们", "你们", "他们", "她们", "它们", "咱们", "大家", "自己", "这个", "那个", "这些", "那些", "这里", "那里",
            "这种", "那种", "这样", "那样", "这么", "那么", "一个", "一些", "一种", "一直", "以及", "但是", "因为", "所以",
            "因此", "如果", "虽然", "然而", "而且", "并且", "或者", "还是", "已经", "正在", "可以", "可能", "应该", "能够",
            "没有", "不是", "就是", "也是", "都是", "只是", "还有", "什么", "怎么", "为什么", "为了", "其中", "之一",
            "之后", "之前", "以后", "以前", "以来", "之间", "对于", "关于", "由于", "根据", "通过", "随着", "作为",
            "非常", "十分", "更加", "比较", "其他", "所有", "任何", "每个", "各种", "不仅", "不过", "而是", "于是",
            "此外", "同时", "目前", "当前", "现在", "今年", "明年", "去年", "今天", "明天", "昨天", "表示", "认为", "指出", "变得");

    /** Content words containing a function character, kept whole instead of being cut there. */
    private static final Set<String> CHINESE_KEPT_WORDS = Set.of(
            "和平", "和谐", "就业", "成就", "首都", "平等", "高等", "合并", "目的", "存在", "自由", "理由", "个人", "个体",
            "供给", "对手", "将来", "在线", "其实");

    /** Chinese numerals; a candidate made of them alone is a number. */
    private static final String CHINESE_NUMERALS = "〇零一二三四五六七八九十百千万亿两几第";

    /** What a Chinese word or character does to a run of Han characters. */
    enum Cut { SPLIT, KEEP }

    private static final Map<String, Cut> CHINESE = new HashMap<>();

    static {
        CHINESE_FUNCTION_CHARS.codePoints().forEach(c -> CHINESE.put(Character.toString(c), Cut.SPLIT));
        CHINESE_FUNCTION_WORDS.forEach(w -> CHINESE.put(w, Cut.SPLIT));
        CHINESE_KEPT_WORDS.forEach(w -> CHINESE.put(w, Cut.KEEP));
    }

    /** Longest Chinese list entry, in characters. */
    static final int LONGEST_CHINESE_ENTRY = 3;

    private StopWords() {}

    static boolean isEnglish(String lowerCaseWord) {
        return ENGLISH.contains(lowerCaseWord);
    }

    /** The cut for a Chinese word, or {@code null} when it is in no list. */
    static Cut chinese(String word) {
        return CHINESE.get(word);
    }

    static boolean isChineseNumeral(int codePoint) {
        return CHINESE_NUMERALS.indexOf(codePoint) >= 0;
    }
}
