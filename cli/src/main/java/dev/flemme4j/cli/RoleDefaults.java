package dev.flemme4j.cli;

import dev.flemme4j.coordinator.CoordinatorOptions;
import dev.flemme4j.serving.ServingOptions;
import dev.flemme4j.worker.WorkerOptions;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Each role's default HTTP port, taken from its option record so the CLI and the record cannot disagree. */
final class RoleDefaults implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o) || !o.longestName().equals("--port")) {
            return null;
        }
        return switch (arg.command().name()) {
            case "coordinator" -> Integer.toString(CoordinatorOptions.DEFAULT_HTTP_PORT);
            case "worker" -> Integer.toString(WorkerOptions.DEFAULT_HTTP_PORT);
            case "serving" -> Integer.toString(ServingOptions.DEFAULT_PORT);
            default -> null;
        };
    }
}
