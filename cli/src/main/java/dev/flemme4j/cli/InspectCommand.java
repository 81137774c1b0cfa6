package dev.flemme4j.cli;

import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        header = "Print a model's structure and parameter count.",
        description = {"Build the model of a Flemme config from its model: section alone (no data needed) and print its",
                "structure with per-module parameter counts, its input/output shapes and a line 'parameters: N'",
                "(trainable parameters, as PyTorch's sum(p.numel() for p in model.parameters()) counts them).",
                "Accepts a whole job file or a file holding just the model section."})
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL_OR_JOB.yaml", description = "a Flemme config with a model: section, or a bare model section")
    Path file;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            System.err.println("no such file: " + file);
            return 2;
        }
        ModelSpec spec;
        try {
            ConfigNode section = modelSection(Files.readString(file, StandardCharsets.UTF_8));
            spec = ModelSpecs.parseBuildable(section);
            // keys that build but change nothing: said here as a job's state would say them
            section.warnings().forEach(w -> System.err.println("warning: " + w));
        } catch (ConfigException e) {
            System.err.println(file + ": invalid value at " + (e.path().isEmpty() ? "<document>" : e.path()) + ": " + e.reason());
            return 1;
        }
        try (FlemmeModel model = ModelFactory.create(spec)) {
            System.out.println(model.summary());
            System.out.println("input:  " + Arrays.toString(model.inputShape(1).getShape()).replace("[1,", "[N,"));
            for (String extra : model.inputNames().subList(1, model.inputNames().size())) {
                System.out.println(extra + ":      " + Arrays.toString(model.inputShape(extra, 1).getShape())
                        .replace("[1,", "[N,").replace("[1]", "[N]"));
            }
            System.out.println("output: " + model.outputNames().get(0) + " "
                    + Arrays.toString(model.outputShape(1).getShape()).replace("[1,", "[N,"));
            System.out.println("parameters: " + model.parameterCount());
        }
        return 0;
    }

    /** The {@code model:} section of a job file, or the whole document when it is itself a model section. */
    static ConfigNode modelSection(String yaml) {
        ConfigNode root = YamlDocument.parse(yaml);
        if (root.has("model")) {
            return root.requireNode("model");
        }
        if (root.has("name") && root.has("encoder")) {
            return new ConfigNode("model", root.raw());
        }
        throw new ConfigException("model", "is required (the file has neither a model: section nor name:/encoder: keys)");
    }
}
