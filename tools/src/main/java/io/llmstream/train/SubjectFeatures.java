package io.llmstream.train;

import java.util.ArrayList;
import java.util.List;

/**
 * The subject embedded on its own next to the whole mail, for eval-classify's {@code --subject}:
 * a cleaned mail is {@code "Subject\n\nbody"} ({@code text.preprocess: mail}), so the subject is
 * its first paragraph; each document's vector becomes the mail's vector followed by the subject's.
 */
final class SubjectFeatures {
    private SubjectFeatures() {}

    /** The first paragraph of a cleaned mail (the subject), or the whole text when it has one paragraph. */
    static String subject(String cleanedMail) {
        int end = cleanedMail.indexOf("\n\n");
        return end < 0 ? cleanedMail : cleanedMail.substring(0, end);
    }

    /** Each document with the subject's vector appended to its own; windows and token ids stay the document's. */
    static List<DocumentFeatures> append(List<DocumentFeatures> documents, List<DocumentFeatures> subjects) {
        if (documents.size() != subjects.size()) {
            throw new IllegalArgumentException(documents.size() + " documents but " + subjects.size() + " subjects");
        }
        List<DocumentFeatures> out = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            DocumentFeatures doc = documents.get(i);
            float[] a = doc.vector();
            float[] b = subjects.get(i).vector();
            float[] both = new float[a.length + b.length];
            System.arraycopy(a, 0, both, 0, a.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            out.add(new DocumentFeatures(both, doc.windows(), doc.windowTokens(), doc.tokenIds()));
        }
        return out;
    }
}
