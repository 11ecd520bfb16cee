package io.llmstream.search;

import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code llm-stream solr --dir DIR --core sotu:384}: a local Solr node with the llm-stream configset
 * for the retrieval example, in the foreground until stopped (Ctrl-C). Its cores and indexes stay
 * in {@code --dir}, so a restart serves them again.
 */
public final class SolrCommand {
    public static final List<CommandOption> OPTIONS = List.of(
            CommandOption.optional("dir", "DIR", "where the cores and their indexes live [default: solr-data]"),
            CommandOption.optional("port", "N", "the HTTP port [default: 8983]"),
            CommandOption.optional("core", "NAME:DIM[,NAME:DIM]", "cores to create, with the model's vector dimension"
                    + " [default: llmstream:384]"));

    private final PrintStream out;

    public SolrCommand(PrintStream out) {
        this.out = out;
    }

    public int run(Args args) throws Exception {
        Map<String, Integer> cores = new LinkedHashMap<>();
        for (String core : args.get("core").orElse("llmstream:384").split(",")) {
            String[] nameAndDimension = core.strip().split(":", 2);
            if (nameAndDimension.length != 2 || !nameAndDimension[1].matches("[1-9][0-9]{0,4}")) {
                throw new Args.UsageException("solr: --core takes NAME:DIMENSION, e.g. sotu:384; got '" + core + "'");
            }
            cores.put(nameAndDimension[0], Integer.parseInt(nameAndDimension[1]));
        }
        Path dir = Path.of(args.get("dir").orElse("solr-data"));
        try (LocalSolrServer solr = LocalSolrServer.start(dir, args.intValue("port", 8983, 1), cores)) {
            out.println("Solr is up at " + solr.url() + " with cores " + cores.keySet() + " (log: " + solr.log() + "); Ctrl-C stops it");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    solr.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            return solr.waitFor();
        }
    }
}
