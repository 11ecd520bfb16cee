package io.llmstream.train;

import java.util.ArrayList;
import java.util.List;

/**
 * A mail's evidence words (headers and MIME structure, {@code MailText.evidence}) fed to the lexical
 * term only, for eval-classify's {@code --evidence-ids}: the token ids of each mail's evidence line
 * are added to the ids of its windows, while its vector stays that of the text without them. It
 * measures what the words add as lexical evidence on corpora already embedded with {@code
 * text.preprocess: mail}; {@code text.preprocess: mail-headers} is how the pipeline gets them (in the
 * text, so that the windows' vectors see them too).
 */
final class EvidenceFeatures {
    private EvidenceFeatures() {}

    /** Each document with its evidence line's token ids appended to its own; the vector and windows stay. */
    static List<DocumentFeatures> append(List<DocumentFeatures> documents, List<DocumentFeatures> evidence) {
        if (documents.size() != evidence.size()) {
            throw new IllegalArgumentException(documents.size() + " documents but " + evidence.size() + " evidence lines");
        }
        List<DocumentFeatures> out = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            DocumentFeatures doc = documents.get(i);
            long[] a = doc.tokenIds();
            long[] b = evidence.get(i).tokenIds();
            long[] both = new long[a.length + b.length];
            System.arraycopy(a, 0, both, 0, a.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            out.add(new DocumentFeatures(doc.vector(), doc.windows(), doc.windowTokens(), both));
        }
        return out;
    }
}
