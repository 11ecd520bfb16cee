package io.llmstream.solr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.solr.core.CoreContainer;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A standalone Solr node on this machine with the llm-stream configset, for tests and the local
 * retrieval example: {@code LocalSolr --home DIR --port 8983 --core sotu:384 --core zh:512}. Each
 * {@code --core name:dimension} is created from the configset unless the home already holds it
 * (a restart keeps the index). Prints {@code SOLR READY <base url>} once it answers, and runs until
 * killed. In production, run Solr itself (the official image) with the same configset instead.
 */
public final class LocalSolr {
    /** Where the configset lies on the classpath and under the Solr home. */
    static final String CONFIGSET = "llmstream";
    private static final List<String> CONFIG_FILES = List.of("solrconfig.xml", "schema.xml", "lang/stopwords_en.txt");

    private LocalSolr() {}

    public static void main(String[] args) throws Exception {
        Path home = null;
        int port = 8983;
        Map<String, Integer> cores = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--home":
                    home = Path.of(required(args[i], value));
                    i++;
                    break;
                case "--port":
                    port = Integer.parseInt(required(args[i], value));
                    i++;
                    break;
                case "--core":
                    String[] nameAndDimension = required(args[i], value).split(":", 2);
                    if (nameAndDimension.length != 2) {
                        throw new IllegalArgumentException("--core takes name:dimension, e.g. sotu:384; got '" + value + "'");
                    }
                    cores.put(nameAndDimension[0], Integer.parseInt(nameAndDimension[1]));
                    i++;
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument '" + args[i] + "'; allowed: --home DIR, --port N, --core name:dimension");
            }
        }
        if (home == null) {
            throw new IllegalArgumentException("--home DIR is required: where the cores and their indexes live");
        }
        writeHome(home);
        JettySolrRunner solr = new JettySolrRunner(home.toString(),
                JettyConfig.builder().setPort(port).setContext("/solr").stopAtShutdown(true).build());
        solr.start();
        CoreContainer container = solr.getCoreContainer();
        for (Map.Entry<String, Integer> core : cores.entrySet()) {
            if (container.getCoreDescriptor(core.getKey()) == null) {
                container.create(core.getKey(), Map.of("configSet", CONFIGSET,
                        "llmstream.vector.dimension", String.valueOf(core.getValue())));
            }
        }
        System.out.println("SOLR READY " + solr.getBaseUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static String required(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    /** solr.xml and the configset, from this jar, refreshed on every start. */
    private static void writeHome(Path home) throws IOException {
        copy("solr.xml", home.resolve("solr.xml"));
        for (String file : CONFIG_FILES) {
            copy("configsets/" + CONFIGSET + "/conf/" + file, home.resolve("configsets").resolve(CONFIGSET).resolve("conf").resolve(file));
        }
    }

    private static void copy(String resource, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = LocalSolr.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the solr-server jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
